import { expect, test } from './support/fixtures'

/**
 * A handout's QR code opens the portal with the code in the address. The page fills the code in,
 * still asks for what proves who the client is, and takes the code out of the address bar (and so
 * out of history); the portal sends no Referer anywhere.
 */
test.describe('a code in the portal’s address', () => {
  test('the activate page fills in the invite code, still asks for the date of birth, and removes the code from the address bar', async ({ page, portalUrl }) => {
    const response = await page.goto(new URL('/activate?code=ABCD-EFGH-JKMN', portalUrl).toString())
    expect(response?.headers()['referrer-policy']).toBe('no-referrer')
    await expect(page.getByLabel('Invite code')).toHaveValue('ABCD-EFGH-JKMN')
    await expect(page.getByLabel('Date of birth')).toHaveValue('')
    await expect.poll(() => page.url()).toBe(new URL('/activate', portalUrl).toString())
    expect(await page.evaluate(() => window.location.search)).toBe('')
    await page.screenshot({ path: `test-results/screenshots/portal-activate-code-filled-${test.info().project.name}.png` })
  })

  test('the reset page fills in the reset code, still asks for the username, and removes the code from the address bar', async ({ page, portalUrl }) => {
    await page.goto(new URL('/reset-password?code=ABCD-EFGH-JKMN', portalUrl).toString())
    await expect(page.getByLabel('Reset code')).toHaveValue('ABCD-EFGH-JKMN')
    await expect(page.getByLabel('Username')).toHaveValue('')
    await expect.poll(() => page.url()).toBe(new URL('/reset-password', portalUrl).toString())
  })
})
