import { useDesk } from '../../store'

/**
 * For a client with an account who forgot their password: issues a one-time reset code, shown once
 * in a dialog. There is no password field anywhere: the client picks the new one in the portal.
 */
export function PortalPasswordReset() {
  const sending = useDesk((s) => s.resetSending)
  const resetError = useDesk((s) => s.resetError)
  const sendPasswordReset = useDesk((s) => s.sendPasswordReset)

  return (
    <div className="portal-reset">
      <button
        type="button"
        className="button"
        aria-busy={sending || undefined}
        onClick={() => void sendPasswordReset()}
      >
        Send Password Reset
      </button>
      <p className="small muted">Gives the client a one-time code so they can choose a new password themselves.</p>
      {resetError && (
        <p className="message message-error" role="alert">
          {resetError}
        </p>
      )}
    </div>
  )
}
