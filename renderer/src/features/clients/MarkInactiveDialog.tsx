import { useEffect, useId, useRef, useState } from 'react'
import type { ClientDetail } from '../../../../shared/dto'
import { fullName } from '../../lib/client-name'

/** Whether marking this client inactive leaves something of the portal open to ask about. */
export function portalLeftOpen(client: ClientDetail): boolean {
  return client.portal.enabled || (client.portal.invite !== null && !client.portal.invite.expired)
}

interface MarkInactiveDialogProps {
  /** The client being marked inactive; null closes the dialog. */
  client: ClientDetail | null
  onConfirm: (turnOffPortal: boolean) => void
  onCancel: () => void
}

/**
 * Asks once, when the client could still use the portal: "Also turn off Sam's portal access?",
 * checked by default (someone who has left should not keep a way in). Cancel or Escape changes nothing.
 */
export function MarkInactiveDialog({ client, onConfirm, onCancel }: MarkInactiveDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const [turnOff, setTurnOff] = useState(true)
  const id = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (client && !dialog.open) {
      setTurnOff(true)
      dialog.showModal()
      confirmRef.current?.focus()
    }
    if (!client && dialog.open) dialog.close()
  }, [client])

  const name = client ? client.preferredName?.trim() || client.firstName : ''
  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog ref={ref} className="confirm-dialog" aria-labelledby={`${id}-title`} onClose={onCancel}>
      {client && (
        <div className="confirm-body">
          <h2 id={`${id}-title`}>Mark {fullName(client)} inactive?</h2>
          <label className="checkbox-field">
            <input type="checkbox" checked={turnOff} onChange={(event) => setTurnOff(event.target.checked)} />
            Also turn off {name}’s portal access
          </label>
          <p className="field-hint">
            {turnOff
              ? `${name} will be signed out of the portal, can’t sign in, and any invite or reset code sent earlier stops working. Marking them active again doesn’t turn access back on.`
              : `${name} can still use the portal. You can turn access off later on the Client Portal Access panel.`}
          </p>
          <div className="toolbar dialog-actions">
            <button ref={confirmRef} type="button" className="button button-primary" onClick={() => onConfirm(turnOff)}>
              Mark inactive
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
