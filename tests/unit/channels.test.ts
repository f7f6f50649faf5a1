import { describe, expect, test } from 'vitest'
import { CHANNELS } from '../../shared/channels'
import { contract } from '../../shared/contract'
import { handlers } from '../../electron/main/handlers'

describe('the IPC contract', () => {
  test('is exactly this list of channels (adding one must be a deliberate change here)', () => {
    expect([...CHANNELS].sort()).toEqual(
      [
        'createClient',
        'getClient',
        'getPortalServer',
        'listClients',
        'sendPasswordReset',
        'sendPortalInvite',
        'setClientStatus',
        'setPortalAccess',
        'setPortalServer',
        'unlockPortalAccount',
        'updateClient',
      ].sort(),
    )
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort())
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
  })

  test('no channel sets, clears or resets a username: staff can only read it', () => {
    for (const channel of CHANNELS) expect(channel).not.toMatch(/user ?name|login|credential/i)
    // No input schema accepts a username field either, at any depth.
    const shapes = JSON.stringify(Object.values(contract).map((c) => c.input.toJSONSchema({ io: 'input' })))
    expect(shapes).not.toMatch(/user ?name/i)
  })

  test('updateClient cannot carry portal fields: its client object is strict', () => {
    const parsed = contract.updateClient.input.safeParse({
      clientId: 2,
      client: { firstName: 'Joe', lastName: 'Fake', preferredName: '', dateOfBirth: '1985-02-03', email: '', phone: '', username: 'x' },
    })
    expect(parsed.success).toBe(false)
  })
})
