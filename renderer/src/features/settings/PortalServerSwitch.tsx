import type { PortalServerStatus } from '../../../../shared/dto'

interface PortalServerSwitchProps {
  status: PortalServerStatus
  saving: boolean
  onToggle: (enabled: boolean) => void
}

function hint({ enabled, running, port }: PortalServerStatus): string {
  if (running) return `Running on port ${String(port)}.`
  if (enabled) return 'Turned on, but not running.'
  return 'Clients cannot reach the portal from this computer.'
}

/** Blue/grey like the Portal access switch, with On/Off beside it so colour is never the only signal. */
export function PortalServerSwitch({ status, saving, onToggle }: PortalServerSwitchProps) {
  return (
    <div className="switch-row">
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={status.enabled}
        aria-label="Let clients use the portal from this computer"
        aria-busy={saving || undefined}
        aria-disabled={saving || undefined}
        onClick={() => {
          if (!saving) onToggle(!status.enabled)
        }}
      >
        <span className="switch-knob" aria-hidden="true" />
      </button>
      <span className="switch-text" aria-hidden="true">Let clients use the portal from this computer: {status.enabled ? 'On' : 'Off'}</span>
      <span className="switch-hint">{hint(status)}</span>
    </div>
  )
}
