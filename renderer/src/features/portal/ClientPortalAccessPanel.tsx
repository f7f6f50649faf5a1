import { useRef } from 'react'
import type { ClientDetail } from '../../../../shared/dto'
import { useDesk } from '../../store'
import { PortalAccessSwitch } from './PortalAccessSwitch'
import { PortalAccountStatus } from './PortalAccountStatus'
import { PortalInviteActions } from './PortalInviteActions'
import { PortalLockNotice } from './PortalLockNotice'
import { PortalPasswordReset } from './PortalPasswordReset'

/**
 * Client Portal Access, on the right of the profile: can the client sign in, and what is their
 * username. There is deliberately no control that edits, clears or resets the username, and none
 * that sets a password: a reset gives the client a code to choose their own.
 */
export function ClientPortalAccessPanel({ client }: { client: ClientDetail }) {
  const portalError = useDesk((s) => s.portalError)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const { portal } = client

  return (
    <section className="portal-panel" aria-labelledby="portal-access-heading">
      <h3 id="portal-access-heading" ref={headingRef} className="panel-title" tabIndex={-1}>
        Client Portal Access
      </h3>
      <PortalAccessSwitch portal={portal} />
      {portalError && (
        <p className="message message-error" role="alert">
          {portalError}
        </p>
      )}
      <PortalLockNotice
        lockedUntil={portal.lockedUntil}
        onUnlocked={() => {
          // Only when focus fell off the vanished button; never pull it from where staff moved it.
          if (document.activeElement === document.body) headingRef.current?.focus()
        }}
      />
      <PortalAccountStatus portal={portal} firstName={client.firstName} />
      {portal.state === 'account' && portal.username !== null && <PortalPasswordReset />}
      <PortalInviteActions portal={portal} />
    </section>
  )
}
