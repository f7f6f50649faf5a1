import { useDesk } from '../../store'

/**
 * The blue/grey switch from the article: can this client sign in to the portal or not. The words
 * beside it carry the state too, so colour is never the only signal.
 */
export function PortalAccessSwitch({ enabled }: { enabled: boolean }) {
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
      <span className="switch-hint">
        {enabled ? 'Sign-in to the portal is allowed.' : 'Sign-in to the portal is blocked, even with the right password.'}
      </span>
    </div>
  )
}
