import { selfSignedCertificate } from '../support/self-signed'
import { expect, startServer, test as base } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

/** `npm run portal` with --tls-cert and --tls-key: a self-signed certificate made for this test. */
const test = base.extend({
  portalUrl: async ({ host }, use, testInfo) => {
    const tls = selfSignedCertificate(testInfo.outputPath())
    const { url, child } = await startServer('electron/main/portal/cli.ts', ['--port', '0', '--db', host.dbPath, '--tls-cert', tls.certPath, '--tls-key', tls.keyPath], host.anchorDir)
    await use(url)
    child.kill('SIGTERM')
  },
})
// Chromium can't know a certificate made a moment ago; everything else about TLS is real.
test.use({ ignoreHTTPSErrors: true })

test('over HTTPS the portal sends HSTS, Chromium keeps its cookies Secure, and after sign-in the renewed CSRF token just works', async ({ staffDesk, portal, page, portalUrl }, testInfo) => {
  expect(portalUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/)
  const forbidden: string[] = []
  page.on('response', (response) => {
    if (response.status() === 403) forbidden.push(response.url())
  })

  const first = await page.goto(new URL('/sign-in', portalUrl).href)
  expect(first?.headers()['strict-transport-security']).toBe('max-age=15552000')
  await expect(portal.button('Sign in')).toBeVisible()

  const code = await staffDesk.issuePasswordReset('Joe Fake')
  await portal.resetPassword('joefake', code, PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()

  await portal.signIn('joefake', PASSWORD)
  await expect(portal.accountMenu('Joe Fake')).toBeVisible()
  await portal.screenshot('https-signed-in', testInfo.project.name)

  const cookies = await page.context().cookies(portalUrl)
  expect(cookies.find((c) => c.name === 'portico_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' })
  expect(cookies.find((c) => c.name === '_csrf')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' })

  // The next change carries the token fetched after sign-in: no refusal and retry on the way.
  await portal.accountMenu('Joe Fake').click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(portal.button('Sign in')).toBeVisible()
  expect(forbidden).toEqual([])
})
