import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>>
  beforeEach(async () => {
    h = await portalHarness({ dialect })
  })
  afterEach(async () => h.close())

  const PASSWORD = 'tui-kowhai-harbour-lantern'
  const AVA_DOB = '1991-06-14'

  async function inviteAva() {
    const id = await h.clientId('ava nguyen')
    return { id, code: (await h.desk('sendPortalInvite', { clientId: id })).code }
  }

  describe('activating a portal invite', () => {
    test('the client proves who they are with the code and date of birth, and picks their own username', async () => {
      const { id, code } = await inviteAva()
      const activated = await h.browser().post('/api/activate', { code: code.toLowerCase(), dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })
      expect(activated).toMatchObject({ status: 200, body: { ok: true } })
      expect((await h.desk('getClient', { clientId: id })).portal).toMatchObject({ state: 'account', username: 'ava.n', enabled: true })
      const signedIn = await h.browser().signIn('AVA.N', PASSWORD)
      expect(signedIn).toMatchObject({ status: 200, body: { ok: true, value: { firstName: 'Ava', username: 'ava.n' } } })
    })

    test('a wrong date of birth and an unknown code get the same answer', async () => {
      const { code } = await inviteAva()
      const wrongBirthDate = await h.browser().post('/api/activate', { code, dateOfBirth: '1991-06-15', username: 'ava.n', password: PASSWORD })
      const unknownCode = await h.browser().post('/api/activate', { code: 'AAAA-BBBB-CCCC', dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })
      expect(wrongBirthDate.status).toBe(400)
      expect(wrongBirthDate.body).toEqual(unknownCode.body)
      expect(wrongBirthDate.status).toBe(unknownCode.status)
    })

    test('an invite is single use, newest only, and expires after 48 hours, each with a way forward', async () => {
      const first = await inviteAva()
      const second = await h.desk('sendPortalInvite', { clientId: first.id })
      const voided = await h.browser().post('/api/activate', { code: first.code, dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })
      expect(voided).toMatchObject({ status: 410, body: { error: { code: 'CODE_NOT_USABLE', message: expect.stringContaining('Ask the front desk to resend your invite') } } })

      h.advance(48 * 3600_000 + 1000)
      const expired = await h.browser().post('/api/activate', { code: second.code, dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })
      expect(expired).toMatchObject({ status: 410, body: { error: { code: 'CODE_NOT_USABLE' } } })

      const third = await h.desk('sendPortalInvite', { clientId: first.id })
      expect((await h.browser().post('/api/activate', { code: third.code, dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })).status).toBe(200)
      const again = await h.browser().post('/api/activate', { code: third.code, dateOfBirth: AVA_DOB, username: 'ava.n2', password: PASSWORD })
      expect(again).toMatchObject({ status: 410, body: { error: { code: 'CODE_NOT_USABLE' } } })
    })

    test('when several devices redeem one code at once, exactly one wins', async () => {
      const { code } = await inviteAva()
      const attempts = await Promise.all(
        ['ava.a', 'ava.b', 'ava.c', 'ava.d', 'ava.e'].map((username) =>
          h.browser().post('/api/activate', { code, dateOfBirth: AVA_DOB, username, password: PASSWORD }),
        ),
      )
      expect(attempts.filter((a) => a.status === 200)).toHaveLength(1)
      // The others find the code used (410), or arrive while the winner's check holds the account (423, try again).
      expect(attempts.filter((a) => a.status === 410 || a.status === 423)).toHaveLength(4)
      const accounts = await h.db.selectFrom('portal_accounts').select('username').where('username', 'like', 'ava.%').execute()
      expect(accounts).toHaveLength(1)
    })

    test('a username already taken (in any case or look-alike form) or a common password is refused with a reason', async () => {
      const { code } = await inviteAva()
      const taken = await h.browser().post('/api/activate', { code, dateOfBirth: AVA_DOB, username: 'ＪｏｅＦａｋｅ', password: PASSWORD })
      expect(taken).toMatchObject({ status: 409, body: { error: { fields: [{ field: 'username', message: expect.stringMatching(/taken/) }] } } })
      const weak = await h.browser().post('/api/activate', { code, dateOfBirth: AVA_DOB, username: 'ava.n', password: 'password1234' })
      expect(weak).toMatchObject({ status: 400, body: { error: { fields: [{ field: 'password', message: expect.stringMatching(/commonly used/) }] } } })
      const short = await h.browser().post('/api/activate', { code, dateOfBirth: AVA_DOB, username: 'ava.n', password: 'short' })
      expect(short.body.error?.fields?.[0]?.message).toMatch(/at least 12 characters/)
      // None of the refusals used up the invite.
      expect((await h.browser().post('/api/activate', { code, dateOfBirth: AVA_DOB, username: 'ava.n', password: PASSWORD })).status).toBe(200)
    })
  })
})
