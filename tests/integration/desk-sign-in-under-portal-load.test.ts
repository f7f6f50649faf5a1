import { afterEach, expect, test } from 'vitest'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { PORTAL_PASSWORD_WORK, hashPassword } from '../../electron/main/services/passwords'
import { portalHarness } from '../support/portal-harness'
import { testContext } from '../support/temp-db'

/**
 * Issue 12, "Nothing freezes the desk": under 50 parallel portal sign-ins (scrypt on libuv's
 * thread pool), a staff sign-in at the desk took 9.6 s, queued behind them. The portal's password
 * work now has its own lane (PORTAL_PASSWORD_WORK.running at once), so the desk's check starts at
 * once. Real HTTP on 127.0.0.1, 50 devices (each its own loopback address), real scrypt.
 */
let portal: Awaited<ReturnType<typeof portalHarness>> | undefined
afterEach(async () => portal?.close())

test('a staff sign-in during 50 parallel portal sign-ins answers in about the time of one password check', async () => {
  portal = await portalHarness()
  const password = 'copper-kettle-harbour-moss'
  await insertStaff(portal.db, { username: 'maria', usernameKey: 'maria', displayName: 'Maria Lopez', role: 'admin', passwordHash: await hashPassword(password), now: new Date().toISOString() })
  const desk = testContext(portal.db, () => new Date(), null)

  // One check alone, for scale (scrypt at N=2^17 takes 0.3–1 s here).
  const aloneStarted = performance.now()
  expect(await dispatch(handlers, testContext(portal.db, () => new Date(), null), 'signIn', { username: 'maria', password }, { trusted: true }, () => {})).toMatchObject({ ok: true })
  const aloneMs = performance.now() - aloneStarted

  const clients = Array.from({ length: 50 }, (_, i) => portal!.browser({ localAddress: `127.0.${String(1 + Math.floor(i / 200))}.${String(2 + (i % 200))}` }))
  const signIns = clients.map((c, i) => c.signIn(`nobody.${String(i)}`, 'not-the-password-at-all'))
  const portalAnswers = Promise.all(signIns)
  // The first portal answer means its password checks are under way and the rest are queued behind.
  await Promise.race(signIns)
  const started = performance.now()
  const answer = await dispatch(handlers, desk, 'signIn', { username: 'maria', password }, { trusted: true }, () => {})
  const deskMs = performance.now() - started
  expect(answer).toMatchObject({ ok: true, value: { state: 'signed-in' } })

  const answers = await portalAnswers
  // Every client got an answer: wrong sign-in (401), or told the portal is busy (429), never a 5xx.
  expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true)
  expect(answers.filter((a) => a.status === 401).length).toBeGreaterThanOrEqual(PORTAL_PASSWORD_WORK.running)
  console.log(`staff sign-in under 50 portal sign-ins: ${deskMs.toFixed(0)} ms (one check alone: ${aloneMs.toFixed(0)} ms)`)
  // Goal 1.5 s on an idle machine; the bound leaves room for a busy CI machine, far below the 9.6 s it took.
  expect(deskMs).toBeLessThan(Math.max(3_000, 3 * aloneMs))
}, 120_000)
