import { describe, expect, test } from 'vitest'
import { CHANNELS } from '../../shared/channels'
import { contract } from '../../shared/contract'
import { handlers } from '../../electron/main/handlers'

describe('the IPC contract', () => {
  test('is exactly this list of channels (adding one must be a deliberate change here)', () => {
    expect([...CHANNELS].sort()).toEqual(
      [
        'backupNow',
        'checkPracticeServer',
        'countClients',
        'createClient',
        'createStaff',
        'exportAudit',
        'exportAuditKey',
        'getClient',
        'getClientActivity',
        'getDatabaseStatus',
        'getDeskSettings',
        'getPortalServer',
        'getPracticeDatabase',
        'getPracticeDetails',
        'getSession',
        'getUpdateSettings',
        'joinPracticeServer',
        'listBackups',
        'listClients',
        'listStaff',
        'lock',
        'movePracticeToServer',
        'refreshClient',
        'restoreBackup',
        'sendPasswordReset',
        'sendPortalInvite',
        'setClientStatus',
        'setPortalAccess',
        'setPortalServer',
        'setPortalCertificate',
        'removePortalCertificate',
        'setStaffPassword',
        'turnOffInactivePortals',
        'setUpdateSettings',
        'setupPractice',
        'signIn',
        'signOut',
        'unlock',
        'unlockPortalAccount',
        'updateClient',
        'updateDeskSettings',
        'updatePracticeDetails',
        'updateStaff',
        'useBuiltInDatabase',
        'checkClientImport',
        'runClientImport',
        'getClientImportProgress',
        'cancelClientImport',
        'listImportedClients',
        'exportClients',
      ].sort(),
    )
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort())
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  })

  test('no channel sets, clears or resets a client’s portal username: staff can only read it', () => {
    for (const channel of CHANNELS) expect(channel).not.toMatch(/user ?name|login|credential/i)
    // Only the staff's own sign-in and staff accounts take a username; no client or portal channel does.
    const staffChannels = ['signIn', 'setupPractice', 'createStaff']
    const shapes = JSON.stringify(
      Object.entries(contract)
        .filter(([name]) => !staffChannels.includes(name))
        .map(([, c]) => c.input.toJSONSchema({ io: 'input' })),
    )
    expect(shapes).not.toMatch(/user ?name/i)
  })

  test('only sign-in, setup, unlock, sign-out, the session itself and whether the database answers work before signing in; staff, settings and the practice database are admin-only', () => {
    const byAccess = (access: string) => Object.entries(contract).filter(([, c]) => c.access === access).map(([name]) => name).sort()
    expect(byAccess('public')).toEqual(['getDatabaseStatus', 'getSession', 'setupPractice', 'signIn', 'signOut', 'unlock'])
    expect(byAccess('admin')).toEqual(
      ['backupNow', 'createStaff', 'exportAudit', 'exportAuditKey', 'getDeskSettings', 'getPortalServer', 'listBackups', 'listStaff', 'restoreBackup', 'setPortalServer', 'setPortalCertificate', 'removePortalCertificate', 'setStaffPassword', 'updateDeskSettings', 'updateStaff', 'getUpdateSettings', 'setUpdateSettings', 'getPracticeDatabase', 'getPracticeDetails', 'updatePracticeDetails', 'checkPracticeServer', 'joinPracticeServer', 'movePracticeToServer', 'useBuiltInDatabase', 'turnOffInactivePortals', 'checkClientImport', 'runClientImport', 'getClientImportProgress', 'cancelClientImport', 'listImportedClients', 'exportClients'].sort(),
    )
  })

  test('updateClient cannot carry portal fields: its client object is strict', () => {
    const parsed = contract.updateClient.input.safeParse({
      clientId: 2,
      client: { firstName: 'Joe', lastName: 'Fake', preferredName: '', dateOfBirth: '1985-02-03', email: '', phone: '', username: 'x' },
    })
    expect(parsed.success).toBe(false)
  })
})
