import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { portalHarness, type PortalResponse } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * A waiting-room tablet: one browser (one cookie jar) that Joe signs in on, then Sam or a new
   * client uses to reset a password or activate an invite. Whatever those answer, the tablet must
   * not stay signed in as Joe, and must never be signed in as anyone.
   */
  let h: Awaited<ReturnType<typeof portalHarness>>
  beforeEach(async () => {
    h = await portalHarness({ dialect })
  })
  afterEach(async () => h.close())

  const JOE_PASSWORD = 'harbour-lantern-kowhai-tui'
  const SAM_PASSWORD = 'river-stone-pohutukawa-9'
  const AVA_PASSWORD = 'kereru-gravel-tidepool-41'

  // scrypt hashes (0.3–1 s each on a shared machine): each test makes a handful.
  const SLOW = 60_000

  /** A tablet where Joe Fake has just signed in. */
  async function tabletWithJoe() {
    const joeId = await h.clientId('joefake')
    const { code } = await h.desk('sendPasswordReset', { clientId: joeId })
    expect((await h.browser().post('/api/reset-password', { username: 'joefake', code, newPassword: JOE_PASSWORD })).status).toBe(200)
    const tablet = h.browser()
    expect((await tablet.signIn('joefake', JOE_PASSWORD)).status).toBe(200)
    expect((await tablet.get('/api/me')).body.value).toMatchObject({ firstName: 'Joe' })
    return { tablet, joeId }
  }

  const sessionsOf = (clientId: number) => h.db.selectFrom('portal_sessions').select('id').where('client_id', '=', clientId).execute()

  /** The answer cleared the session cookie (an expired, empty portico_session). */
  const clearsSessionCookie = (response: PortalResponse) =>
    response.setCookie.some((cookie) => cookie.startsWith('portico_session=;') && cookie.includes('Expires=Thu, 01 Jan 1970'))

  describe('a shared tablet where Joe is signed in', () => {
    test('resetting Sam’s password there signs Joe out, does not sign Sam in, and Sam’s new password works', { timeout: SLOW }, async () => {
      const { tablet, joeId } = await tabletWithJoe()
      const samId = await h.clientId('samrivera')
      const { code } = await h.desk('sendPasswordReset', { clientId: samId })

      const reset = await tablet.post('/api/reset-password', { username: 'samrivera', code, newPassword: SAM_PASSWORD })
      expect(reset.status).toBe(200)
      // Before the fix, /api/me answered Joe here and the page said "Welcome, Joe".
      expect(await tablet.get('/api/me')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
      expect(reset.body).toEqual({ ok: true, value: { reset: true, signedOut: true } })
      expect(clearsSessionCookie(reset)).toBe(true)
      expect(await sessionsOf(joeId)).toEqual([])
      expect(await sessionsOf(samId)).toEqual([])

      // Sam's access is off in the demo practice; with it on, the new password signs Sam in.
      await h.desk('setPortalAccess', { clientId: samId, enabled: true })
      const sam = h.browser()
      expect((await sam.signIn('samrivera', SAM_PASSWORD)).status).toBe(200)
      expect((await sam.get('/api/me')).body.value).toMatchObject({ firstName: 'Sam', username: 'samrivera' })
    })

    test('a reset that fails there signs Joe out too', { timeout: SLOW }, async () => {
      const { tablet, joeId } = await tabletWithJoe()
      const wrong = await tablet.post('/api/reset-password', { username: 'samrivera', code: 'AAAA-BBBB-CCCC', newPassword: SAM_PASSWORD })
      expect(wrong.status).toBe(400)
      expect((await tablet.get('/api/me')).status).toBe(401)
      expect(clearsSessionCookie(wrong)).toBe(true)
      expect(await sessionsOf(joeId)).toEqual([])
    })

    test('activating a new client’s invite there signs Joe out, does not sign anyone in, and the new account works', { timeout: SLOW }, async () => {
      const { tablet, joeId } = await tabletWithJoe()
      const avaId = await h.clientId('ava nguyen')
      const { code } = await h.desk('sendPortalInvite', { clientId: avaId })

      const activated = await tablet.post('/api/activate', { code, dateOfBirth: '1991-06-14', username: 'ava.n', password: AVA_PASSWORD })
      expect(activated.status).toBe(200)
      expect(await tablet.get('/api/me')).toMatchObject({ status: 401, body: { error: { code: 'UNAUTHENTICATED' } } })
      expect(activated.body).toEqual({ ok: true, value: { activated: true, signedOut: true } })
      expect(clearsSessionCookie(activated)).toBe(true)
      expect(await sessionsOf(joeId)).toEqual([])
      expect(await sessionsOf(avaId)).toEqual([])

      const ava = h.browser()
      expect((await ava.signIn('ava.n', AVA_PASSWORD)).status).toBe(200)
      expect((await ava.get('/api/me')).body.value).toMatchObject({ firstName: 'Ava', username: 'ava.n' })
    })

    test('an activation that fails there signs Joe out too', { timeout: SLOW }, async () => {
      const { tablet, joeId } = await tabletWithJoe()
      const wrong = await tablet.post('/api/activate', { code: 'AAAA-BBBB-CCCC', dateOfBirth: '1991-06-14', username: 'ava.n', password: AVA_PASSWORD })
      expect(wrong.status).toBe(400)
      expect((await tablet.get('/api/me')).status).toBe(401)
      expect(clearsSessionCookie(wrong)).toBe(true)
      expect(await sessionsOf(joeId)).toEqual([])
    })

    test('Joe’s sessions on other devices are not touched by a reset for Sam on the tablet', { timeout: SLOW }, async () => {
      const { tablet } = await tabletWithJoe()
      const phone = h.browser()
      expect((await phone.signIn('joefake', JOE_PASSWORD)).status).toBe(200)
      const { code } = await h.desk('sendPasswordReset', { clientId: await h.clientId('samrivera') })
      expect((await tablet.post('/api/reset-password', { username: 'samrivera', code, newPassword: SAM_PASSWORD })).status).toBe(200)
      expect((await tablet.get('/api/me')).status).toBe(401)
      expect((await phone.get('/api/me')).body.value).toMatchObject({ firstName: 'Joe' })
    })
  })
})
