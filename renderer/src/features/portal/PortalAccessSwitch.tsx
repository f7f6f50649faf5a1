import type { PortalAccess } from '../../../../shared/dto'
import { formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'

/**
 * What the portal would do if the client tried to sign in right now, in words that agree with the
 * rest of the panel: the switch alone doesn't say it (a locked account, or one with no username yet).
 */
export function signInNow(portal: PortalAccess): string {
  if (!portal.enabled) return 'Sign-in to the portal is blocked, even with the right password.'
  if (portal.state === 'invited') return 'Turned on: the client can sign in once they choose a username with their invite.'
  if (portal.state !== 'account' || portal.username === null) return 'Turned on, but there is no portal account yet: send an invite so the client can choose a username.'
  if (portal.lockedUntil) return `Turned on, but sign-in is locked after failed attempts until ${formatDateTime(portal.lockedUntil)}.`
  return 'Sign-in to the portal is allowed.'
}

/**
 * The blue/grey switch from the article: can this client sign in to the portal or not. The words
 * beside it carry the state too, so colour is never the only signal.
 */
export function PortalAccessSwitch({ portal }: { portal: PortalAccess }) {
  const { enabled } = portal
  const saving = useDesk((s) => s.portalSaving)
  const setPortalAccess = useDesk((s) => s.setPortalAccess)

  return (
    <div className="switch-row">
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={enabled}
        aria-label="Portal access"
        // Stays focusable while saving (so focus is not lost) but ignores clicks until main answers.
        aria-busy={saving || undefined}
        aria-disabled={saving || undefined}
        onClick={() => {
          if (!saving) void setPortalAccess(!enabled)
        }}
      >
        <span className="switch-knob" aria-hidden="true" />
      </button>
      <span className="switch-text">{enabled ? 'Enabled' : 'Disabled'}</span>
      <span className="switch-hint">{signInNow(portal)}</span>
    </div>
  )
}
