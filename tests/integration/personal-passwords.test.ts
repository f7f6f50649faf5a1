import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { putSetting } from '../../db/repositories/settings.repository'
import { passwordProblem } from '../../electron/main/services/passwords'
import { personalWords } from '../../electron/main/services/personal-words'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { portalHarness } from '../support/portal-harness'
import { testContext } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  const JOE = {
    firstName: 'Joe',
    lastName: 'Fake',
    preferredName: 'Joey',
    dateOfBirth: '1985-02-03',
    email: 'joe.fake@example.com',
    phone: '(555) 236-4843',
    username: 'joefake',
    practiceName: 'Harbourside Therapy',
  }

  describe('passwords built from what the practice knows', () => {
    test.each([
      ['JoeFake1985!!', /a name/],
      ['joe.fake@example.com', /an email address/],
      ['joe.fake@example.com!', /an email address/],
      ['5552364843!!', /a phone number/],
      ['(555) 236-4843 ok', /a phone number/],
      ['Joey03021985!', /date of birth/],
      ['joefake-joefake', /name|username/],
      ['Welcome2024!!', /“welcome”/],
      ['Summer2025!!!', /season/],
      ['Portico2025!!', /“portico”/],
      ['Harbourside2025!', /the practice’s name/],
    ])('%s is refused, saying what it was built from', (password, why) => {
      const problem = passwordProblem(password, personalWords(JOE))
      expect(problem).toMatch(/isn’t built from/)
      expect(problem).toMatch(why)
    })

    test.each(['harbour-lantern-kowhai-tui', 'river-stone-pohutukawa-9', 'Joe likes kayak lantern pebble', 'granite-orchard-lantern-42'])('%s is accepted', (password) => {
      expect(passwordProblem(password, personalWords(JOE))).toBeNull()
    })

    test('a common password is still refused for its own reason', () => {
      expect(passwordProblem('password1234', personalWords(JOE))).toMatch(/harder-to-guess|isn’t built from/)
      expect(passwordProblem('qwertyuiop12', personalWords({}))).toMatch(/harder-to-guess/)
    })
  })

  describe('on the real portal and desk', () => {
    let h: Awaited<ReturnType<typeof portalHarness>>
    beforeAll(async () => {
      h = await portalHarness({ dialect })
    })
    afterAll(async () => h.close())

    test('a reset to a password made of the client’s own details is refused with the reason, and a good one works', async () => {
      const clientId = await h.clientId('joefake')
      await h.db.updateTable('clients').set({ email: 'joe.fake@example.com', phone: '(555) 236-4843' }).where('id', '=', clientId).execute()
      const { code } = await h.desk('sendPasswordReset', { clientId })
      for (const newPassword of ['JoeFake1985!!', 'joe.fake@example.com', '5552364843!!', 'Welcome2024!!']) {
        const refused = await h.browser().post('/api/reset-password', { username: 'joefake', code, newPassword })
        expect(refused.status, newPassword).toBe(400)
        expect(refused.body.error?.fields?.[0]).toMatchObject({ field: 'newPassword', message: expect.stringMatching(/isn’t built from/) })
      }
      expect((await h.browser().post('/api/reset-password', { username: 'joefake', code, newPassword: 'harbour-lantern-kowhai-tui' })).status).toBe(200)
    }, 60_000)

    test('staff passwords follow the same rules: name, username and the practice’s name', async () => {
      await putSetting(h.db, 'practice.name', 'Harbourside Therapy')
      const ctx = testContext(h.db)
      const create = (password: string) =>
        dispatch(handlers, ctx, 'createStaff', { staff: { username: 'maria.lopez', displayName: 'Maria Lopez', role: 'front_desk', password } }, { trusted: true })
      for (const password of ['MariaLopez2025!', 'maria.lopez2025', 'Harbourside2025!']) {
        expect(await create(password), password).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'password', message: expect.stringMatching(/isn’t built from/) }] } })
      }
      expect(await create('totara-lantern-pebble-7')).toMatchObject({ ok: true })
    }, 60_000)
  })
})
