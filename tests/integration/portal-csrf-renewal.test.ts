import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>>
  beforeEach(async () => {
    h = await portalHarness({ dialect })
  })
  afterEach(async () => h.close())

  const PASSWORD = 'harbour-lantern-kowhai-tui'

  /** A POST carrying exactly this cookie string and CSRF token, as a script holding them would send. */
  async function postWith(path: string, cookie: string, token: string, body: unknown) {
    const response = await fetch(new URL(path, h.base), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': token, cookie },
      body: JSON.stringify(body),
    })
    return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { code: string } }, setCookie: response.headers.getSetCookie() }
  }

  describe('the CSRF secret at sign-in', () => {
    test('is renewed: a token from before sign-in no longer works after it, and a fresh token does', { timeout: 30_000 }, async () => {
      const clientId = await h.clientId('joefake')
      await h.browser().post('/api/reset-password', { username: 'joefake', code: (await h.desk('sendPasswordReset', { clientId })).code, newPassword: PASSWORD })

      const browser = h.browser()
      const before = ((await browser.get('/api/csrf')).body.value as { token: string }).token
      const cookieBefore = await browser.jar.getCookieString(h.base)
      const secretBefore = /_csrf=([^;]+)/.exec(cookieBefore)?.[1]
      expect(secretBefore).toBeTruthy()

      const signedIn = await postWith('/api/sign-in', cookieBefore, before, { username: 'joefake', password: PASSWORD })
      expect(signedIn.status).toBe(200)
      // The answer sets a new CSRF secret beside the new session.
      const renewed = signedIn.setCookie.find((c) => c.startsWith('_csrf='))
      expect(renewed, 'sign-in set no new _csrf cookie').toBeDefined()
      expect(/^_csrf=([^;]+)/.exec(renewed!)?.[1]).not.toBe(secretBefore)
      for (const cookie of signedIn.setCookie) await browser.jar.setCookie(cookie, h.base)

      // The token fixed before sign-in (a planted or leaked one) is refused with the signed-in session.
      const cookieAfter = await browser.jar.getCookieString(h.base)
      expect(await postWith('/api/sign-out', cookieAfter, before, {})).toMatchObject({ status: 403, body: { error: { code: 'FORBIDDEN' } } })
      expect((await browser.get('/api/me')).status).toBe(200)

      // The page fetches a fresh token and goes on working.
      const fresh = ((await browser.get('/api/csrf')).body.value as { token: string }).token
      expect(await postWith('/api/sign-out', await browser.jar.getCookieString(h.base), fresh, {})).toMatchObject({ status: 200, body: { ok: true } })
    })
  })
})
