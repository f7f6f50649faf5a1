import { performance } from 'node:perf_hooks'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { auditForClient } from '../../db/repositories/audit.repository'
import { portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>>
  beforeEach(async () => {
    h = await portalHarness({ dialect })
  })
  afterEach(async () => h.close())

  const NEW_PASSWORD = 'harbour-lantern-kowhai-tui'
  /** After each failure the next attempt for that username waits this long (then the fifth locks). */
  const DELAYS_MS = [1000, 2000, 4000, 8000]

  /** Five wrong passwords, each after the delay the one before set. */
  async function failFiveTimes(username: string) {
    for (let i = 0; i < 5; i++) {
      expect((await h.browser().signIn(username, `wrong-password-${i}`)).status).toBe(401)
      h.advance(DELAYS_MS[i] ?? 0)
    }
  }

  /** The article's set-up: staff issue a reset code and the client sets a new password with it. */
  async function resetPassword(query: string, username: string, password = NEW_PASSWORD) {
    const clientId = await h.clientId(query)
    const { code } = await h.desk('sendPasswordReset', { clientId })
    const reset = await h.browser().post('/api/reset-password', { username, code, newPassword: password })
    expect(reset.status).toBe(200)
    return clientId
  }

  describe('signing in', () => {
    test('an unknown username and a wrong password get the same answer, in about the same time', async () => {
      await resetPassword('joefake', 'joefake')
      const browser = h.browser()
      await browser.signIn('nobody-warm-up', 'warm-up-the-dummy-hash') // the first call also builds the dummy hash
      const timed = async (username: string) => {
        const start = performance.now()
        const response = await browser.signIn(username, 'not-the-right-password')
        h.advance(DELAYS_MS[0]!) // past the delay this failure sets
        return { response, ms: performance.now() - start }
      }
      const unknown = [await timed('nobody-here'), await timed('nobody-either')]
      const wrong = [await timed('joefake'), await timed('joefake')]
      expect(unknown[0]!.response.status).toBe(401)
      expect(unknown[0]!.response.body).toEqual(wrong[0]!.response.body)
      const mean = (runs: { ms: number }[]) => runs.reduce((sum, r) => sum + r.ms, 0) / runs.length
      const ratio = mean(unknown) / mean(wrong)
      expect(ratio).toBeGreaterThan(0.5)
      expect(ratio).toBeLessThan(2)
    })

    test('a disabled client cannot sign in even with the right password, and only then is told why', async () => {
      await resetPassword('samrivera', 'samrivera')
      const wrong = await h.browser().signIn('samrivera', 'not-the-right-password')
      expect(wrong).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
      h.advance(DELAYS_MS[0]!)
      const right = await h.browser().signIn('samrivera', NEW_PASSWORD)
      expect(right).toMatchObject({ status: 403, body: { error: { code: 'ACCESS_DISABLED', message: expect.stringMatching(/contact the practice/) } } })
      expect(right.setCookie.some((c) => c.startsWith('portico_session='))).toBe(false)
    })

    test('five failures in a row lock the account for 15 minutes; the desk sees the lock and can unlock it', async () => {
      const clientId = await resetPassword('joefake', 'joefake')
      await failFiveTimes('joefake')
      const locked = await h.browser().signIn('joefake', NEW_PASSWORD)
      expect(locked).toMatchObject({ status: 423, body: { error: { code: 'LOCKED' } } })
      const panel = (await h.desk('getClient', { clientId })).portal
      expect(new Date(panel.lockedUntil!).getTime() - h.now().getTime()).toBeGreaterThan(14 * 60_000)

      expect((await h.desk('unlockPortalAccount', { clientId })).lockedUntil).toBeNull()
      expect((await h.browser().signIn('joefake', NEW_PASSWORD)).status).toBe(200)
      const outcomes = (await auditForClient(h.db, clientId)).filter((e) => e.action === 'portal.sign-in').map((e) => e.outcome)
      expect(outcomes).toEqual(['failure', 'failure', 'failure', 'failure', 'failure', 'denied', 'success'])
    })

    test('guesses sent all at once are checked one at a time: one is counted, the rest refused unchecked', async () => {
      const clientId = await resetPassword('joefake', 'joefake')
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => h.browser().signIn('joefake', `parallel-guess-${i}`)))
      expect(answers.filter((a) => a.status === 401)).toHaveLength(1)
      expect(answers.filter((a) => a.status === 423)).toHaveLength(7)
      const account = await h.db.selectFrom('portal_accounts').select(['failed_attempts', 'locked_until']).where('client_id', '=', clientId).executeTakeFirstOrThrow()
      expect(account).toEqual({ failed_attempts: 1, locked_until: null })
    })

    test('a lock lifts by itself after 15 minutes', async () => {
      await resetPassword('joefake', 'joefake')
      await failFiveTimes('joefake')
      h.advance(15 * 60_000 + 1000)
      expect((await h.browser().signIn('joefake', NEW_PASSWORD)).status).toBe(200)
    })

    test('the session cookie is HttpOnly, SameSite=Strict, 128 random bits, and only its hash is stored', async () => {
      await resetPassword('joefake', 'joefake')
      const signedIn = await h.browser().signIn('joefake', NEW_PASSWORD)
      const cookie = signedIn.setCookie.find((c) => c.startsWith('portico_session='))!
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      const token = /^portico_session=([^;]+)/.exec(cookie)![1]!
      expect(Buffer.from(token, 'base64url')).toHaveLength(16)
      const stored = JSON.stringify(await h.db.selectFrom('portal_sessions').selectAll().execute())
      expect(stored).not.toContain(token)
    })

    test('every sign-in starts a new session', async () => {
      await resetPassword('joefake', 'joefake')
      const browser = h.browser()
      const first = (await browser.signIn('joefake', NEW_PASSWORD)).setCookie.find((c) => c.startsWith('portico_session='))
      const second = (await browser.signIn('joefake', NEW_PASSWORD)).setCookie.find((c) => c.startsWith('portico_session='))
      expect(first).toBeDefined()
      expect(second).not.toBe(first)
      expect(await h.db.selectFrom('portal_sessions').selectAll().execute()).toHaveLength(1)
    })
  })

  describe('sessions', () => {
    useCheapPasswordHashing() // about the rules, not the cost or timing of a check
    test('end after 15 idle minutes, but not while the client is active, and never after 12 hours', async () => {
      await resetPassword('joefake', 'joefake')
      const browser = h.browser()
      await browser.signIn('joefake', NEW_PASSWORD)
      for (let i = 0; i < 3; i++) {
        h.advance(14 * 60_000)
        expect((await browser.get('/api/me')).status).toBe(200)
      }
      h.advance(15 * 60_000 + 1000)
      expect(await browser.get('/api/me')).toMatchObject({ status: 401, body: { error: { message: expect.stringMatching(/inactivity/) } } })

      await browser.signIn('joefake', NEW_PASSWORD)
      for (let elapsed = 0; elapsed < 12 * 60; elapsed += 14) {
        h.advance(14 * 60_000)
        if ((await browser.get('/api/me')).status !== 200) break
      }
      expect((await browser.get('/api/me')).status).toBe(401)
    })

    test('a page asks whether it is signed in without an error status: not signed in, signed in with who, and signed out with why', async () => {
      await resetPassword('joefake', 'joefake')
      const browser = h.browser()
      // A first visit is the normal case: no 401 for the browser's console.
      expect(await browser.get('/api/session')).toMatchObject({ status: 200, body: { ok: true, value: { signedIn: false, notice: null } } })
      await browser.signIn('joefake', NEW_PASSWORD)
      expect(await browser.get('/api/session')).toMatchObject({ status: 200, body: { value: { signedIn: true, me: { username: 'joefake' } } } })
      h.advance(15 * 60_000 + 1000)
      const ended = await browser.get('/api/session')
      expect(ended).toMatchObject({ status: 200, body: { value: { signedIn: false, notice: expect.stringMatching(/inactivity/) } } })
      expect(ended.setCookie.some((c) => /^portico_session=;/.test(c))).toBe(true)
      expect(await browser.get('/api/session')).toMatchObject({ status: 200, body: { value: { signedIn: false, notice: null } } })
      // Data itself still needs a session.
      expect((await browser.get('/api/me')).status).toBe(401)
    })

    test('turning access off at the desk ends the client’s sessions on their next request', async () => {
      const clientId = await resetPassword('joefake', 'joefake')
      const browser = h.browser()
      await browser.signIn('joefake', NEW_PASSWORD)
      expect((await browser.get('/api/me')).status).toBe(200)
      await h.desk('setPortalAccess', { clientId, enabled: false })
      expect(await browser.get('/api/me')).toMatchObject({ status: 401 })
      await h.desk('setPortalAccess', { clientId, enabled: true })
      expect((await browser.get('/api/me')).status).toBe(401) // turning it back on does not revive the session
    })
  })
})
