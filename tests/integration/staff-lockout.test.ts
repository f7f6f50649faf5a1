import { performance } from 'node:perf_hooks'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import { DESK_SIGN_IN_LIMIT } from '../../electron/main/portal/portal-config'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { tempDatabase, testContext } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'

// Each test here hashes a dozen or more passwords (0.3–1 s each, more on a busy machine).
vi.setConfig({ testTimeout: 60_000 })

/** Timed sign-ins of each kind: their medians differ by far less than the 2× the test allows, so a dozen is plenty. */
const SAMPLES = 12

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * Issue 10, section 1, at the desk: staff sign-in and unlock, through the real dispatcher and
   * handlers, follow the portal's rules (no password check while paused, growing delays, unknown
   * usernames alike), with a ceiling of the desk's own on top.
   */
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let ctx: HandlerContext
  let offsetMs = 0
  let stoppedAt: number | null = null
  const now = () => new Date((stoppedAt ?? Date.now()) + offsetMs)
  const advance = (ms: number) => {
    offsetMs += ms
  }
  beforeEach(async () => {
    offsetMs = 0
    stoppedAt = null
    t = await tempDatabase({ dialect, demo: true, staff: false })
    ctx = testContext(t.db, now, null)
  })
  afterEach(async () => t.close())

  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) =>
    dispatch(handlers, ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>

  const ADMIN_PASSWORD = 'copper-kettle-harbour-moss'
  const DELAYS_MS = [1000, 2000, 4000, 8000]

  async function setUpPractice() {
    const result = await call('setupPractice', { setup: { mode: 'new', practiceName: 'Harbour Physio', username: 'maria', displayName: 'Maria Lopez', password: ADMIN_PASSWORD } })
    if (!result.ok) throw new Error(result.error.message)
    await call('signOut', {})
  }

  /** The desk allows only so many checks a minute; a minute later (on the test's clock) it has room again. */
  function freshMinute() {
    advance(61_000)
  }

  async function lockBySignIn(username: string) {
    const answers = []
    for (let i = 0; i < 5; i++) {
      answers.push(await call('signIn', { username, password: `not-it-${i}` }))
      advance(DELAYS_MS[i] ?? 0)
    }
    return answers
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

  describe('staff sign-in while the account is locked', () => {
    test(
      'the right and a wrong password get the same answer, in about the same time (12 samples each)',
      async () => {
        await setUpPractice()
        expect((await lockBySignIn('maria')).map((a) => !a.ok && a.error.code)).toEqual(Array(5).fill('UNAUTHENTICATED'))
        const samples: Record<'right' | 'wrong', { ms: number; answer: Result<unknown> }[]> = { right: [], wrong: [] }
        await call('signIn', { username: 'maria', password: 'warm-up-the-dummy-hash' })
        for (let i = 0; i < SAMPLES; i++) {
          if (i % 4 === 0) freshMinute()
          const order: ('right' | 'wrong')[] = i % 2 === 0 ? ['right', 'wrong'] : ['wrong', 'right']
          for (const kind of order) {
            const start = performance.now()
            const answer = await call('signIn', { username: 'maria', password: kind === 'right' ? ADMIN_PASSWORD : `another-guess-${i}` })
            samples[kind].push({ ms: performance.now() - start, answer })
          }
        }
        const all = [...samples.right, ...samples.wrong].map((s) => s.answer)
        for (const answer of all) expect(answer).toEqual(all[0])
        expect(all[0]).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringMatching(/paused until \d{1,2}:\d{2}/) } })
        expect(ctx.session.staff).toBeNull()

        const ratio = median(samples.right.map((s) => s.ms)) / median(samples.wrong.map((s) => s.ms))
        console.log(`locked staff sign-in, median right/wrong: ${ratio.toFixed(3)} (right ${median(samples.right.map((s) => s.ms)).toFixed(0)} ms, wrong ${median(samples.wrong.map((s) => s.ms)).toFixed(0)} ms)`)
        expect(ratio).toBeGreaterThan(0.5)
        expect(ratio).toBeLessThan(2)
      },
      180_000,
    )

    test('an unknown staff username, after five failures, answers exactly like a locked account', async () => {
      await setUpPractice()
      stoppedAt = Date.now()
      const known = []
      const unknown = []
      for (let i = 0; i < 5; i++) {
        known.push(await call('signIn', { username: 'maria', password: `not-it-${i}` }))
        unknown.push(await call('signIn', { username: 'nobody.here', password: `not-it-${i}` }))
        advance(DELAYS_MS[i] ?? 0)
      }
      expect(unknown).toEqual(known)
      freshMinute()
      const lockedKnown = await call('signIn', { username: 'maria', password: ADMIN_PASSWORD })
      const lockedUnknown = await call('signIn', { username: 'nobody.here', password: ADMIN_PASSWORD })
      expect(lockedKnown).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
      expect(lockedUnknown).toEqual(lockedKnown)
      expect(JSON.stringify(await t.db.selectFrom('sign_in_throttles').selectAll().execute())).not.toMatch(/nobody/i)

      // The lock is on Maria's account, where the staff list shows it to admins.
      const lockedUntil = (await t.db.selectFrom('staff_accounts').select('locked_until').where('username', '=', 'maria').executeTakeFirstOrThrow()).locked_until
      expect(new Date(lockedUntil!).getTime()).toBeGreaterThan(now().getTime())
    })
  })

  describe('staff delays and the desk’s ceiling', () => {
    test('unlocking after a wrong password waits out the delay: even the right password is refused inside it, unchecked', async () => {
      await setUpPractice()
      stoppedAt = Date.now()
      expect((await call('signIn', { username: 'maria', password: ADMIN_PASSWORD })).ok).toBe(true)
      await call('lock', {})
      expect(await call('unlock', { password: 'not-my-password' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect(await call('unlock', { password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'LOCKED', message: expect.stringMatching(/paused for a few seconds/) } })
      expect(ctx.session.locked).toBe(true)
      advance(1000)
      expect(await call('unlock', { password: ADMIN_PASSWORD })).toMatchObject({ ok: true, value: { state: 'signed-in' } })
    })

    test('the desk checks at most 10 staff passwords a minute, whatever the usernames', async () => {
      await setUpPractice()
      stoppedAt = Date.now()
      const guesses = await Promise.all(Array.from({ length: DESK_SIGN_IN_LIMIT.checksPerMinute + 2 }, (_, i) => call('signIn', { username: `guess.${i}`, password: 'spray-one-password' })))
      const codes = guesses.map((g) => !g.ok && g.error.code)
      expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(DESK_SIGN_IN_LIMIT.checksPerMinute)
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(2)
      expect(await call('signIn', { username: 'maria', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', message: expect.stringMatching(/at this desk/) } })
      freshMinute()
      expect(await call('signIn', { username: 'maria', password: ADMIN_PASSWORD })).toMatchObject({ ok: true })
    })
  })
})
