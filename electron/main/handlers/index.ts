import type { HandlerMap } from '../dispatcher'
import { activityHandlers } from './activity.handlers'
import { auditKeyHandlers } from './audit-key.handlers'
import { backupHandlers } from './backup.handlers'
import { clientImportHandlers } from './client-import.handlers'
import { clientListHandlers } from './client-list.handlers'
import { clientHandlers } from './clients.handlers'
import { clientExportHandlers } from './client-export.handlers'
import { databaseStatusHandlers } from './database-status.handlers'
import { deskSettingsHandlers } from './desk-settings.handlers'
import { portalAccessHandlers } from './portal-access.handlers'
import { portalServerHandlers } from './portal-server.handlers'
import { practiceDetailsHandlers } from './practice-details.handlers'
import { practiceDatabaseHandlers } from './practice-database.handlers'
import { sessionHandlers } from './session.handlers'
import { staffHandlers } from './staff.handlers'
import { updateSettingsHandlers } from './update-settings.handlers'

/** Every channel's handler. Leaving one out is a compile error. */
export const handlers: HandlerMap = {
  ...sessionHandlers,
  ...databaseStatusHandlers,
  ...staffHandlers,
  ...deskSettingsHandlers,
  ...activityHandlers,
  ...auditKeyHandlers,
  ...backupHandlers,
  ...clientHandlers,
  ...clientListHandlers,
  ...clientImportHandlers,
  ...clientExportHandlers,
  ...portalAccessHandlers,
  ...portalServerHandlers,
  ...updateSettingsHandlers,
  ...practiceDetailsHandlers,
  ...practiceDatabaseHandlers,
}
