import type { PortalAccess } from '../../../../shared/dto'
import { useDesk } from '../../store'

/**
 * Send or resend an invite. Rendered as one button whose words change, so focus stays on it after
 * the first invite turns "Send" into "Resend" (and returns to it when the code dialog closes).
 */
export function PortalInviteActions({ portal }: { portal: PortalAccess }) {
  const sending = useDesk((s) => s.inviteSending)
  const inviteError = useDesk((s) => s.inviteError)
  const inviteNotice = useDesk((s) => s.inviteNotice)
  const sendPortalInvite = useDesk((s) => s.sendPortalInvite)
  const canInvite = portal.state !== 'account'

  return (
    <div className="portal-invite">
      {canInvite && (
        <button
          type="button"
          className="button button-primary"
          aria-busy={sending || undefined}
          onClick={() => void sendPortalInvite()}
        >
          {portal.state === 'invited' ? 'Resend Portal Invite' : 'Send Portal Invite'}
        </button>
      )}
      {portal.state === 'invited' && (
        <p className="small muted">A new invite voids the old code, so only the newest one works.</p>
      )}
      <p className="message-status" role="status">
        {inviteNotice ?? ''}
      </p>
      {inviteError && (
        <p className="message message-error" role="alert">
          {inviteError}
        </p>
      )}
    </div>
  )
}
