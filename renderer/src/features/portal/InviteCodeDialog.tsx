import { useEffect, useRef } from 'react'
import { formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'

/**
 * Shows a just-issued one-time code, once. Closing it (Done, or Escape) discards the code: main
 * keeps only a hash, so there is no way to show it again; a new invite is the way back.
 */
export function InviteCodeDialog() {
  const invite = useDesk((s) => s.issuedInvite)
  const dismissInvite = useDesk((s) => s.dismissInvite)
  const ref = useRef<HTMLDialogElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (invite && !dialog.open) dialog.showModal()
    if (!invite && dialog.open) dialog.close()
  }, [invite])

  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog ref={ref} className="invite-dialog" aria-labelledby="invite-dialog-title" onClose={dismissInvite}>
      {invite && (
        <div className="invite-sheet">
          <h2 id="invite-dialog-title">Portal invite for {invite.clientName}</h2>
          <p className="screen-only">
            Read this code to the client, or print it for them. It is shown only this once: Portico does not keep
            it.
          </p>
          <div className="invite-code" role="group" aria-label="One-time code">
            {invite.code}
          </div>
          <dl className="details">
            <div className="details-row">
              <dt>Portal link</dt>
              <dd className="mono">{invite.portalUrl}</dd>
            </div>
            <div className="details-row">
              <dt>Code expires</dt>
              <dd>{formatDateTime(invite.expiresAt)}</dd>
            </div>
          </dl>
          <p className="small">
            The client opens the portal link, enters the code, then picks their own username and password.
          </p>
          <div className="toolbar dialog-actions screen-only">
            <button type="button" className="button" onClick={() => {
                window.print()
              }}>
              Print
            </button>
            <button type="button" className="button button-primary" onClick={dismissInvite}>
              Done
            </button>
          </div>
        </div>
      )}
    </dialog>
  )
}
