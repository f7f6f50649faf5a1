import type { ClientDetail } from '../../../../shared/dto'
import { formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'
import { PortalAccessSwitch } from './PortalAccessSwitch'
import { PortalAccountStatus } from './PortalAccountStatus'
import { PortalInviteActions } from './PortalInviteActions'

/**
 * Client Portal Access, on the right of the profile: can the client sign in, and what is their
 * username. There is deliberately no control that edits, clears or resets the username.
 */
export function ClientPortalAccessPanel({ client }: { client: ClientDetail }) {
  const portalError = useDesk((s) => s.portalError)
  const { portal } = client

  return (
    <section className="portal-panel" aria-labelledby="portal-access-heading">
      <h3 id="portal-access-heading" className="panel-title">
        Client Portal Access
      </h3>
      <PortalAccessSwitch enabled={portal.enabled} />
      {portalError && (
        <p className="message message-error" role="alert">
          {portalError}
        </p>
      )}
      {portal.lockedUntil && (
        <p className="message message-warning">
          {`Locked after failed sign-ins until ${formatDateTime(portal.lockedUntil)}`}
        </p>
      )}
      <PortalAccountStatus portal={portal} firstName={client.firstName} />
      <PortalInviteActions portal={portal} />
    </section>
  )
}
