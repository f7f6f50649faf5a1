import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditForClient } from '../../db/repositories/audit.repository'
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

  const PASSWORD = 'harbour-lantern-kowhai-tui'
  const OTHER = 'river-stone-pohutukawa-9'

  describe('password reset codes', () => {
    test('last 1 hour, are single use, and only the newest works', async () => {
      const clientId = await h.clientId('joefake')
      const first = await h.desk('sendPasswordReset', { clientId })
      const second = await h.desk('sendPasswordReset', { clientId })
      expect(second.resetUrl).toBe('http://127.0.0.1:5181/reset-password')
      expect(new Date(second.expiresAt).getTime() - Date.now()).toBeGreaterThan(59 * 60_000)
      const voided = await h.browser().post('/api/reset-password', { username: 'joefake', code: first.code, newPassword: PASSWORD })
      expect(voided).toMatchObject({ status: 400, body: { error: { message: expect.stringMatching(/no longer valid/) } } })
      expect((await h.browser().post('/api/reset-password', { username: 'joefake', code: second.code, newPassword: PASSWORD })).status).toBe(200)
      const reused = await h.browser().post('/api/reset-password', { username: 'joefake', code: second.code, newPassword: OTHER })
      expect(reused.status).toBe(400)

      const third = await h.desk('sendPasswordReset', { clientId })
      h.advance(60 * 60_000 + 1000)
      expect((await h.browser().post('/api/reset-password', { username: 'joefake', code: third.code, newPassword: OTHER })).status).toBe(400)
      expect((await h.browser().signIn('joefake', PASSWORD)).status).toBe(200)
    })

    test('a code only works with its own client’s username', async () => {
      const { code } = await h.desk('sendPasswordReset', { clientId: await h.clientId('joefake') })
      expect((await h.browser().post('/api/reset-password', { username: 'samrivera', code, newPassword: PASSWORD })).status).toBe(400)
    })

    test('a reset ends all the client’s sessions and does not sign them in', async () => {
      const clientId = await h.clientId('joefake')
      await h.browser().post('/api/reset-password', { username: 'joefake', code: (await h.desk('sendPasswordReset', { clientId })).code, newPassword: PASSWORD })
      const phone = h.browser()
      const laptop = h.browser()
      await phone.signIn('joefake', PASSWORD)
      await laptop.signIn('joefake', PASSWORD)
      const { code } = await h.desk('sendPasswordReset', { clientId })
      const reset = await phone.post('/api/reset-password', { username: 'joefake', code, newPassword: OTHER })
      expect(reset.setCookie.some((c) => c.startsWith('portico_session=') && !c.includes('Expires=Thu, 01 Jan 1970'))).toBe(false)
      expect((await phone.get('/api/me')).status).toBe(401)
      expect((await laptop.get('/api/me')).status).toBe(401)
      expect((await laptop.signIn('joefake', PASSWORD)).status).toBe(401)
      h.advance(1000) // the wait after a wrong password
      expect((await laptop.signIn('joefake', OTHER)).status).toBe(200)
    })

    test('staff cannot issue a reset to a client who has no account yet', async () => {
      await expect(h.desk('sendPasswordReset', { clientId: await h.clientId('ava nguyen') })).rejects.toThrow(/CONFLICT/)
    })
  })

  describe('changing one’s own username', () => {
    async function signedInJoe() {
      const clientId = await h.clientId('joefake')
      await h.browser().post('/api/reset-password', { username: 'joefake', code: (await h.desk('sendPasswordReset', { clientId })).code, newPassword: PASSWORD })
      const browser = h.browser()
      await browser.signIn('joefake', PASSWORD)
      return { clientId, browser }
    }

    test('checks availability live, re-asks the password, and the desk shows the new username', async () => {
      const { clientId, browser } = await signedInJoe()
      expect((await browser.post('/api/profile/username/start', {})).status).toBe(200) // Edit username opened
      expect((await browser.get('/api/username-available?username=SamRivera')).body.value).toEqual({ available: false, problem: 'That username is already taken.' })
      expect((await browser.get('/api/username-available?username=jo')).body.value).toMatchObject({ available: false, problem: expect.stringMatching(/3 to 64/) })
      expect((await browser.get('/api/username-available?username=joe.real')).body.value).toEqual({ available: true, problem: null })

      const wrong = await browser.post('/api/profile/username', { newUsername: 'joe.real', currentPassword: 'not-my-password' })
      expect(wrong).toMatchObject({ status: 400, body: { error: { fields: [{ field: 'currentPassword' }] } } })
      h.advance(1000) // the wait after a wrong password
      const taken = await browser.post('/api/profile/username', { newUsername: 'ＳＡＭＲＩＶＥＲＡ', currentPassword: PASSWORD })
      expect(taken).toMatchObject({ status: 409, body: { error: { fields: [{ field: 'newUsername' }] } } })

      const changed = await browser.post('/api/profile/username', { newUsername: 'joe.real', currentPassword: PASSWORD })
      expect(changed).toMatchObject({ status: 200, body: { value: { username: 'joe.real' } } })
      expect((await h.desk('getClient', { clientId })).portal.username).toBe('joe.real')
      const event = (await auditForClient(h.db, clientId)).find((e) => e.action === 'portal.username.change' && e.outcome === 'success')
      expect(event).toMatchObject({ actor_type: 'client' })
      expect((await h.browser().signIn('joe.real', PASSWORD)).status).toBe(200)
      expect((await h.browser().signIn('joefake', PASSWORD)).status).toBe(401)
    })

    test('needs a signed-in client', async () => {
      const anonymous = h.browser()
      expect((await anonymous.get('/api/username-available?username=joe.real')).status).toBe(401)
      expect((await anonymous.post('/api/profile/username/start', {})).status).toBe(401)
      expect((await anonymous.post('/api/profile/username', { newUsername: 'joe.real', currentPassword: PASSWORD })).status).toBe(401)
    })

    test('a session ends at once when access is turned off by another desk on the same database', async () => {
      const { clientId, browser } = await signedInJoe()
      await h.db.updateTable('portal_accounts').set({ access_enabled: 0 }).where('client_id', '=', clientId).execute()
      expect(await browser.get('/api/me')).toMatchObject({ status: 403, body: { error: { code: 'ACCESS_DISABLED' } } })
      expect(await h.db.selectFrom('portal_sessions').selectAll().where('client_id', '=', clientId).execute()).toEqual([])
    })
  })

  describe('every request', () => {
    test('a change without the CSRF token, or with another browser’s token, is refused', async () => {
      const browser = h.browser()
      expect(await browser.post('/api/sign-in', { username: 'joefake', password: PASSWORD }, { csrf: false })).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } })
      const other = h.browser()
      const token = ((await other.get('/api/csrf')).body.value as { token: string }).token
      const response = await fetch(new URL('/api/sign-in', h.base), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie: await browser.jar.getCookieString(h.base) },
        body: JSON.stringify({ username: 'joefake', password: PASSWORD }),
      })
      expect(response.status).toBe(403)
    })

    test('carries security headers and a strict CSP', async () => {
      const response = await fetch(new URL('/sign-in', h.base))
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'.*script-src 'self'/)
      expect(response.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/)
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN')
      expect(response.headers.get('strict-transport-security')).toBeNull()
    })

    test('too many attempts from one device are refused for a minute', async () => {
      const browser = h.browser()
      const statuses: number[] = []
      for (let i = 0; i < 22; i++) statuses.push((await browser.post('/api/reset-password', { username: `nobody${i}`, code: 'AAAA-BBBB-CCCC', newPassword: PASSWORD })).status)
      expect(statuses.slice(0, 20).every((s) => s === 400)).toBe(true)
      expect(statuses.at(-1)).toBe(429)
      expect((await browser.post('/api/reset-password', { username: 'x', code: 'y', newPassword: PASSWORD })).body.error?.code).toBe('RATE_LIMITED')
    })
  })
})
