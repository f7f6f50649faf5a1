import { useEffect, useId, useRef, useState } from 'react'
import { useDesk } from '../../store'

const clients = (n: number) => `${n.toLocaleString()} inactive ${n === 1 ? 'client' : 'clients'}`

/**
 * Admins, with the Inactive filter chosen: "Turn off portal access for all inactive clients". It
 * asks first, naming the number; then works through them a batch at a time, saying how far it
 * has got, and what it did when it ends. Main refuses it for anyone but an admin.
 */
export function InactivePortalsAction() {
  const isAdmin = useDesk((s) => s.session?.staff?.role === 'admin')
  const filter = useDesk((s) => s.filter)
  const pending = useDesk((s) => s.counts?.inactivePortalOn ?? 0)
  const run = useDesk((s) => s.inactivePortalsRun)
  const start = useDesk((s) => s.turnOffInactivePortals)
  const dismiss = useDesk((s) => s.dismissInactivePortalsRun)
  const [asking, setAsking] = useState<number | null>(null)
  if (!isAdmin || (filter !== 'inactive' && run === null)) return null

  return (
    <div className="bulk-action">
      {run ? (
        <div className={run.error ? 'message message-error' : 'message message-note'} role={run.error ? 'alert' : 'status'}>
          {run.error ? (
            <p>
              {run.error}
              {run.done > 0 && ` Portal access was turned off for ${clients(run.done)} before this; the rest are unchanged.`}
            </p>
          ) : run.finished ? (
            <p>Portal access turned off for {clients(run.done)}. Each has an entry in the audit trail.</p>
          ) : (
            <>
              <p>
                Turning off portal access: {run.done.toLocaleString()} of {clients(run.total)}…
              </p>
              <progress max={run.total} value={run.done} aria-label="Turning off portal access" />
            </>
          )}
          {run.finished && (
            <button type="button" className="button button-small" onClick={dismiss}>
              Done
            </button>
          )}
        </div>
      ) : (
        pending > 0 && (
          <button type="button" className="button button-small" onClick={() => setAsking(pending)}>
            Turn off portal access for all inactive clients
          </button>
        )
      )}
      <ConfirmDialog
        count={asking}
        onConfirm={() => {
          const n = asking ?? 0
          setAsking(null)
          void start(n)
        }}
        onCancel={() => setAsking(null)}
      />
    </div>
  )
}

function ConfirmDialog({ count, onConfirm, onCancel }: { count: number | null; onConfirm: () => void; onCancel: () => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const id = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (count !== null && !dialog.open) {
      dialog.showModal()
      confirmRef.current?.focus()
    }
    if (count === null && dialog.open) dialog.close()
  }, [count])
  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${id}-title`} onClose={onCancel}>
      {count !== null && (
        <div className="confirm-body">
          <h2 id={`${id}-title`}>Turn off portal access for {clients(count)}?</h2>
          <p className="field-hint">
            They will be signed out of the portal and can’t sign in, and any invite or reset code sent earlier stops working. Clients whose access is already off are left as they are.
          </p>
          <div className="toolbar dialog-actions">
            <button ref={confirmRef} type="button" className="button button-primary" onClick={onConfirm}>
              Turn off portal access
            </button>
            <button type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </dialog>
  )
}
