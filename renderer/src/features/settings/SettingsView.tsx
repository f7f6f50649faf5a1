import { AuditExportSettings } from './AuditExportSettings'
import { AuditKeySettings } from './AuditKeySettings'
import { BackupSettings } from './BackupSettings'
import { PortalServerSettings } from './PortalServerSettings'
import { PracticeDatabaseSettings } from './PracticeDatabaseSettings'
import { PracticeSettings } from './PracticeSettings'
import { SecuritySettings } from './SecuritySettings'
import { StaffSettings } from './StaffSettings'
import { UpdateSettings } from './UpdateSettings'

/** Settings (left menu, admins only): how this desk and practice are set up. */
export function SettingsView() {
  return (
    <div className="settings-view">
      {/* The id matches the menu link's #settings, and focus lands here when the view opens. */}
      <h1 id="settings" tabIndex={-1}>
        Settings
      </h1>
      <PracticeSettings />
      <PortalServerSettings />
      <StaffSettings />
      <SecuritySettings />
      <PracticeDatabaseSettings />
      <BackupSettings />
      <UpdateSettings />
      <AuditExportSettings />
      <AuditKeySettings />
    </div>
  )
}
