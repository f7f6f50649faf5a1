import { PortalServerSettings } from './PortalServerSettings'

/** Settings (left menu): how this desk is set up. For now, only whether it serves the client portal. */
export function SettingsView() {
  return (
    <div className="settings-view">
      {/* The id matches the menu link's #settings, and focus lands here when the view opens. */}
      <h1 id="settings" tabIndex={-1}>
        Settings
      </h1>
      <PortalServerSettings />
    </div>
  )
}
