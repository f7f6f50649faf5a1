import { createServer } from 'node:net'
import { performance } from 'node:perf_hooks'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { auditForClient } from '../../db/repositories/audit.repository'
import { PORTAL_ATTEMPT_LIMITS } from '../../electron/main/portal/portal-config'
import { type PortalResponse, portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

/** Linux (and Windows) answer on all of 127.0.0.0/8, so a test can be several devices at once. */
const loopbackAliases = await new Promise<boolean>((resolve) => {
  const probe = createServer()
  probe.once('error', () => resolve(false))
  probe.listen(0, '127.0.0.2', () => probe.close(() => resolve(true)))
})

// Each test here hashes a dozen or more passwords (0.3–1 s each, more on a busy machine).
vi.setConfig({ testTimeout: 60_000 })

/** Timed sign-ins of each kind: their medians differ by far less than the 2× the test allows, so a dozen is plenty. */
const SAMPLES = 12

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * Issue 10, sections 1 and 3: a lock that can't be guessed through, per-account delays, one budget
   * per device and a ceiling for the whole portal, a way back in for the real client, and a live
   * username check that can't be used to list clients.
   */
  type Harness = Awaited<ReturnType<typeof portalHarness>>
  let h: Harness
  afterEach(async () => h?.close())

  const PASSWORD = 'harbour-lantern-kowhai-tui'
  const DELAYS_MS = [1000, 2000, 4000, 8000]

  /** Joe Fake with a password he chose, through a desk-issued reset code. */
  async function joeWithPassword(): Promise<number> {
    const clientId = await h.clientId('joefake')
    const { code } = await h.desk('sendPasswordReset', { clientId })
    expect((await h.browser().post('/api/reset-password', { username: 'joefake', code, newPassword: PASSWORD })).status).toBe(200)
    return clientId
  }

  /** Five wrong passwords for a username, each after the delay the one before it set: the lock. */
  async function lockBySignIn(username: string): Promise<PortalResponse[]> {
    const answers: PortalResponse[] = []
    for (let i = 0; i < 5; i++) {
      answers.push(await h.browser().signIn(username, `wrong-password-${i}`))
      h.advance(DELAYS_MS[i] ?? 0)
    }
    return answers
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b)
    return sorted[Math.floor(sorted.length / 2)]!
  }

  describe('while sign-in is paused, the password is not checked', () => {
    test(
      'a locked account answers the right and a wrong password with the same status and body, in about the same time (12 samples each)',
      async () => {
        // Two dozen sign-ins in a minute is over one device's budget; that budget is not what this test is about.
        h = await portalHarness({ dialect, attemptLimits: { devicePerMinute: 1000, portalPerMinute: 1000 } })
        const clientId = await joeWithPassword()
        const failures = await lockBySignIn('joefake')
        expect(failures.map((f) => f.status)).toEqual([401, 401, 401, 401, 401])
        const lockedUntil = (await h.desk('getClient', { clientId })).portal.lockedUntil
        expect(lockedUntil).not.toBeNull()

        const browser = h.browser()
        await browser.signIn('joefake', 'warm-up-the-dummy-hash')
        const samples: Record<'right' | 'wrong', { ms: number; answer: PortalResponse }[]> = { right: [], wrong: [] }
        for (let i = 0; i < SAMPLES; i++) {
          // Interleaved, in a changing order, so a drift in the machine's speed falls on both alike.
          const order: ('right' | 'wrong')[] = i % 2 === 0 ? ['right', 'wrong'] : ['wrong', 'right']
          for (const kind of order) {
            const start = performance.now()
            const answer = await browser.signIn('joefake', kind === 'right' ? PASSWORD : `another-wrong-guess-${i}`)
            samples[kind].push({ ms: performance.now() - start, answer })
          }
        }
        const all = [...samples.right, ...samples.wrong].map((s) => s.answer)
        for (const answer of all) {
          expect(answer.status).toBe(423)
          expect(answer.body).toEqual(all[0]!.body)
          expect(answer.setCookie.some((c) => c.startsWith('portico_session='))).toBe(false)
        }
        expect(all[0]!.body.error).toMatchObject({ code: 'LOCKED', message: expect.stringMatching(/sign-in for this username is paused until \d{1,2}:\d{2}/), retryAt: lockedUntil })

        const ratio = median(samples.right.map((s) => s.ms)) / median(samples.wrong.map((s) => s.ms))
        console.log(`locked portal sign-in, median right/wrong: ${ratio.toFixed(3)} (right ${median(samples.right.map((s) => s.ms)).toFixed(0)} ms, wrong ${median(samples.wrong.map((s) => s.ms)).toFixed(0)} ms)`)
        expect(ratio).toBeGreaterThan(0.5)
        expect(ratio).toBeLessThan(2)
        // Each attempt is in the audit trail once, as refused while locked, never as right or wrong.
        const events = (await auditForClient(h.db, clientId)).filter((e) => e.action === 'portal.sign-in')
        expect(events.filter((e) => e.outcome === 'denied')).toHaveLength(2 * SAMPLES + 1)
        expect(events.some((e) => e.outcome === 'success')).toBe(false)
      },
      180_000,
    )

    test('an unknown username, after five failures, answers exactly like a locked account', async () => {
      h = await portalHarness({ dialect })
      await joeWithPassword()
      h.stopClock()
      const known: PortalResponse[] = []
      const unknown: PortalResponse[] = []
      for (let i = 0; i < 5; i++) {
        known.push(await h.browser().signIn('joefake', `wrong-password-${i}`))
        unknown.push(await h.browser().signIn('nobody.here', `wrong-password-${i}`))
        h.advance(DELAYS_MS[i] ?? 0)
      }
      expect(unknown.map((a) => [a.status, a.body])).toEqual(known.map((a) => [a.status, a.body]))

      const lockedKnown = await h.browser().signIn('joefake', PASSWORD)
      const lockedUnknown = await h.browser().signIn('nobody.here', PASSWORD)
      expect(lockedKnown.status).toBe(423)
      expect(lockedUnknown.status).toBe(lockedKnown.status)
      expect(lockedUnknown.body).toEqual(lockedKnown.body)
      expect(lockedUnknown.headers['retry-after']).toBe(lockedKnown.headers['retry-after'])

      // What is kept for the unknown name: a keyed hash of it, never the typed text.
      const rows = await h.db.selectFrom('sign_in_throttles').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/)
      expect(JSON.stringify(rows)).not.toMatch(/nobody/i)
    })
  })

  describe('per-account delays', () => {
    useCheapPasswordHashing() // about the rules, not the cost or timing of a check
    test('after each failure the next attempt for that username waits 1, 2, 4, then 8 s; inside the wait it is refused unchecked and uncounted', async () => {
      h = await portalHarness({ dialect })
      const clientId = await joeWithPassword()
      h.stopClock()
      for (const [i, delay] of DELAYS_MS.entries()) {
        expect((await h.browser().signIn('joefake', `wrong-password-${i}`)).status).toBe(401)
        // Even the right password is refused inside the delay, without being checked or counted.
        const early = await h.browser().signIn('joefake', PASSWORD)
        expect(early).toMatchObject({ status: 423, body: { error: { code: 'LOCKED', message: expect.stringMatching(/paused for a few seconds/) } } })
        h.advance(delay - 1)
        expect((await h.browser().signIn('joefake', `inside-the-delay-${i}`)).status).toBe(423)
        h.advance(1)
      }
      // Four failures counted, eight refused uncounted: the fifth counted failure is the one that locks.
      expect((await h.desk('getClient', { clientId })).portal.lockedUntil).toBeNull()
      expect((await h.browser().signIn('joefake', 'wrong-password-4')).status).toBe(401)
      const lockedUntil = (await h.desk('getClient', { clientId })).portal.lockedUntil
      expect(new Date(lockedUntil!).getTime() - h.now().getTime()).toBe(15 * 60_000)

      // Another username is not slowed down by Joe's delays.
      const samId = await h.clientId('samrivera')
      await h.desk('setPortalAccess', { clientId: samId, enabled: true })
      const { code } = await h.desk('sendPasswordReset', { clientId: samId })
      expect((await h.browser().post('/api/reset-password', { username: 'samrivera', code, newPassword: PASSWORD })).status).toBe(200)
      expect((await h.browser().signIn('samrivera', PASSWORD)).status).toBe(200)
    })
  })

  describe('per-device and whole-portal limits', () => {
    useCheapPasswordHashing() // about the rules, not the cost or timing of a check
    /** A request to each of the four forms that a device's budget covers; none of them checks a password. */
    const FORMS = [
      ['/api/sign-in', { username: 'joefake' }],
      ['/api/reset-password', { username: 'joefake', code: 'AAAA-BBBB-CCCC' }],
      ['/api/activate', { code: 'AAAA-BBBB-CCCC' }],
      ['/api/profile/username', { newUsername: 'joe.real' }],
    ] as const

    test('sign-in, reset, activation and username change share one budget per device', async () => {
      h = await portalHarness({ dialect })
      const device = h.browser()
      const statuses: number[] = []
      for (let i = 0; i < PORTAL_ATTEMPT_LIMITS.devicePerMinute; i++) {
        const [path, body] = FORMS[i % FORMS.length]!
        statuses.push((await device.post(path, body)).status)
      }
      expect(statuses).not.toContain(429)
      for (const [path, body] of FORMS) {
        expect(await device.post(path, body)).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', message: expect.stringMatching(/from this device/) } } })
      }
    })

    test.skipIf(!loopbackAliases)('the whole portal has a ceiling across all devices (needs 127.0.0.0/8 on loopback)', async () => {
      h = await portalHarness({ dialect })
      const devices = Math.ceil(PORTAL_ATTEMPT_LIMITS.portalPerMinute / PORTAL_ATTEMPT_LIMITS.devicePerMinute)
      const statuses: number[] = []
      for (let d = 0; d < devices; d++) {
        const device = h.browser({ localAddress: `127.0.0.${10 + d}` })
        for (let i = 0; i < PORTAL_ATTEMPT_LIMITS.devicePerMinute && statuses.length < PORTAL_ATTEMPT_LIMITS.portalPerMinute; i++) {
          const [path, body] = FORMS[i % FORMS.length]!
          statuses.push((await device.post(path, body)).status)
        }
      }
      expect(statuses).toHaveLength(PORTAL_ATTEMPT_LIMITS.portalPerMinute)
      expect(statuses).not.toContain(429)
      // A device that has sent nothing yet is refused: the portal as a whole has had its minute's worth.
      const fresh = h.browser({ localAddress: '127.0.0.99' })
      expect(await fresh.post('/api/sign-in', { username: 'joefake' })).toMatchObject({
        status: 429,
        body: { error: { code: 'RATE_LIMITED', message: expect.stringMatching(/portal is getting too many attempts/) } },
      })
    })
  })

  describe('the real client gets back in', () => {
    useCheapPasswordHashing() // about the rules, not the cost or timing of a check
    test('wrong reset codes count against the username; a valid code still works while sign-in is locked, and clears the lock and the count', async () => {
      h = await portalHarness({ dialect })
      const clientId = await joeWithPassword()
      h.stopClock()
      for (let i = 0; i < 5; i++) {
        expect((await h.browser().post('/api/reset-password', { username: 'joefake', code: `WRNG-CODE-000${i}`, newPassword: 'river-stone-pohutukawa-9' })).status).toBe(400)
        h.advance(DELAYS_MS[i] ?? 0)
      }
      expect(await h.browser().signIn('joefake', PASSWORD)).toMatchObject({ status: 423, body: { error: { code: 'LOCKED' } } })
      expect((await h.desk('getClient', { clientId })).portal.lockedUntil).not.toBeNull()

      const { code } = await h.desk('sendPasswordReset', { clientId })
      const NEW = 'river-stone-pohutukawa-9'
      expect((await h.browser().post('/api/reset-password', { username: 'joefake', code, newPassword: NEW })).status).toBe(200)
      expect((await h.desk('getClient', { clientId })).portal.lockedUntil).toBeNull()
      expect(await h.db.selectFrom('portal_accounts').select(['failed_attempts', 'locked_until', 'next_attempt_at']).where('client_id', '=', clientId).executeTakeFirst()).toEqual({
        failed_attempts: 0,
        locked_until: null,
        next_attempt_at: null,
      })
      expect((await h.browser().signIn('joefake', NEW)).status).toBe(200)
    })

    test('wrong dates of birth at activation count against the client; the desk sees the lock, and its Unlock works at once', async () => {
      h = await portalHarness({ dialect })
      const avaId = await h.clientId('ava nguyen')
      const { code } = await h.desk('sendPortalInvite', { clientId: avaId })
      h.stopClock()
      for (let i = 0; i < 5; i++) {
        expect((await h.browser().post('/api/activate', { code, dateOfBirth: `1990-01-0${i + 1}`, username: 'ava.n', password: PASSWORD })).status).toBe(400)
        h.advance(DELAYS_MS[i] ?? 0)
      }
      const paused = await h.browser().post('/api/activate', { code, dateOfBirth: '1991-06-14', username: 'ava.n', password: PASSWORD })
      expect(paused).toMatchObject({ status: 423, body: { error: { code: 'LOCKED', message: expect.stringMatching(/activation is paused until/) } } })

      const panel = (await h.desk('getClient', { clientId: avaId })).portal
      expect(panel.lockedUntil).toBe(paused.body.error?.retryAt)
      expect((await h.desk('unlockPortalAccount', { clientId: avaId })).lockedUntil).toBeNull()
      expect((await h.browser().post('/api/activate', { code, dateOfBirth: '1991-06-14', username: 'ava.n', password: PASSWORD })).status).toBe(200)
    })

    test('a wrong current password at username change counts against the same account; the desk’s Unlock also ends a delay at once', async () => {
      h = await portalHarness({ dialect })
      const clientId = await joeWithPassword()
      h.stopClock()
      const tablet = h.browser()
      expect((await tablet.signIn('joefake', PASSWORD)).status).toBe(200)
      const wrong = await tablet.post('/api/profile/username', { newUsername: 'joe.real', currentPassword: 'not-my-password' })
      expect(wrong).toMatchObject({ status: 400, body: { error: { fields: [{ field: 'currentPassword' }] } } })
      // The same account's budget: sign-in elsewhere now waits out the delay, even with the right password.
      expect((await h.browser().signIn('joefake', PASSWORD)).status).toBe(423)
      await h.desk('unlockPortalAccount', { clientId })
      expect((await h.browser().signIn('joefake', PASSWORD)).status).toBe(200)
    })
  })

  describe('the live username check', () => {
    useCheapPasswordHashing() // about the rules, not the cost or timing of a check
    async function signedIn(username: string, localAddress?: string) {
      const browser = h.browser(localAddress ? { localAddress } : {})
      expect((await browser.signIn(username, PASSWORD)).status).toBe(200)
      return browser
    }

    test('answers only during a username change the client started, a few times a minute per account; Save still refuses a taken name', async () => {
      h = await portalHarness({ dialect })
      await joeWithPassword()
      const phone = await signedIn('joefake')
      const notStarted = await phone.get('/api/username-available?username=samrivera')
      expect(notStarted).toMatchObject({ status: 409, body: { error: { code: 'CONFLICT', message: expect.stringMatching(/Open Edit username/) } } })
      expect(notStarted.body.value).toBeUndefined()

      expect((await phone.post('/api/profile/username/start', {}, { csrf: false })).status).toBe(403)
      expect(await phone.post('/api/profile/username/start', {})).toMatchObject({ status: 200, body: { ok: true } })
      const answers = []
      for (let i = 0; i < PORTAL_ATTEMPT_LIMITS.usernameChecksPerMinute; i++) answers.push(await phone.get(`/api/username-available?username=joe.new${i}`))
      expect(answers.map((a) => a.body.value)).toEqual(answers.map(() => ({ available: true, problem: null })))
      const limited = await phone.get('/api/username-available?username=samrivera')
      expect(limited).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', message: 'We’ll check this username when you save.' } } })

      // Per account, not per device or session: Joe's second session, from another address, shares it.
      const laptop = await signedIn('joefake', loopbackAliases ? '127.0.0.44' : undefined)
      expect((await laptop.post('/api/profile/username/start', {})).status).toBe(200)
      expect((await laptop.get('/api/username-available?username=samrivera')).status).toBe(429)

      // The final Save still refuses a name that is taken.
      expect(await phone.post('/api/profile/username', { newUsername: 'SamRivera', currentPassword: PASSWORD })).toMatchObject({ status: 409, body: { error: { fields: [{ field: 'newUsername' }] } } })
    })

    test('the change in progress ends after 10 minutes, and when the new username is saved', async () => {
      h = await portalHarness({ dialect })
      await joeWithPassword()
      const phone = await signedIn('joefake')
      await phone.post('/api/profile/username/start', {})
      expect((await phone.get('/api/username-available?username=joe.new')).status).toBe(200)
      h.advance(PORTAL_ATTEMPT_LIMITS.usernameChangeMs + 1000)
      expect((await phone.get('/api/username-available?username=joe.new')).status).toBe(409)

      await phone.post('/api/profile/username/start', {})
      expect((await phone.post('/api/profile/username', { newUsername: 'joe.new', currentPassword: PASSWORD })).status).toBe(200)
      expect((await phone.get('/api/username-available?username=joe.newer')).status).toBe(409)
    })
  })
})
