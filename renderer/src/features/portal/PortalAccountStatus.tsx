import type { PortalAccess } from '../../../../shared/dto'
import { formatDateTime } from '../../lib/format'
import { PortalUsername } from './PortalUsername'

interface PortalAccountStatusProps {
  portal: PortalAccess
  firstName: string
}

/** What the panel says about the client's account, for each state in the help article. */
export function PortalAccountStatus({ portal, firstName }: PortalAccountStatusProps) {
  if (portal.state === 'account' && portal.username !== null) {
    return (
      <div className="portal-state">
        <PortalUsername username={portal.username} />
        <p className="muted">
          {portal.lastSignInAt ? `Last sign-in: ${formatDateTime(portal.lastSignInAt)}` : 'Never signed in'}
        </p>
        {!portal.enabled && (
          <p className="message message-note">
            {firstName} cannot sign in to the portal until access is turned on again.
          </p>
        )}
      </div>
    )
  }
  if (portal.state === 'invited' && portal.invite) {
    const { sentAt, expiresAt, expired } = portal.invite
    return (
      <div className="portal-state">
        <p>No username yet: the client picks one when they use their invite.</p>
        <p>{`Invite sent ${formatDateTime(sentAt)}`}</p>
        <p className={expired ? 'message message-note' : undefined}>
          {expired ? `This invite expired ${formatDateTime(expiresAt)}` : `Expires ${formatDateTime(expiresAt)}`}
        </p>
      </div>
    )
  }
  return (
    <div className="portal-state">
      <p>No portal account yet — the client picks their own username</p>
    </div>
  )
}
