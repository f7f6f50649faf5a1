/**
 * Every IPC channel, by name. The preload builds `window.api` from this list and a test pins it,
 * so a new channel cannot appear unnoticed.
 *
 * There is deliberately no channel that sets, clears or resets a portal username: only the client
 * can change their username, from the portal, after signing in.
 */
export const CHANNELS = [
  'getSession',
  'getDatabaseStatus',
  'setupPractice',
  'signIn',
  'signOut',
  'lock',
  'unlock',
  'listStaff',
  'createStaff',
  'updateStaff',
  'setStaffPassword',
  'getDeskSettings',
  'updateDeskSettings',
  'getClientActivity',
  'exportAudit',
  'exportAuditKey',
  'listBackups',
  'backupNow',
  'restoreBackup',
  'listClients',
  'countClients',
  'turnOffInactivePortals',
  'getClient',
  'refreshClient',
  'createClient',
  'updateClient',
  'setClientStatus',
  'setPortalAccess',
  'sendPortalInvite',
  'sendPasswordReset',
  'unlockPortalAccount',
  'getPortalServer',
  'setPortalServer',
  'setPortalCertificate',
  'removePortalCertificate',
  'getPracticeDetails',
  'updatePracticeDetails',
  'getUpdateSettings',
  'setUpdateSettings',
  'getPracticeDatabase',
  'checkPracticeServer',
  'joinPracticeServer',
  'movePracticeToServer',
  'useBuiltInDatabase',
  'checkClientImport',
  'runClientImport',
  'getClientImportProgress',
  'cancelClientImport',
  'listImportedClients',
  'exportClients',
] as const

export type ChannelName = (typeof CHANNELS)[number]

/** The name on the wire, namespaced so nothing else in Electron collides with it. */
export const ipcChannelName = (channel: ChannelName): `portico:${ChannelName}` => `portico:${channel}`
