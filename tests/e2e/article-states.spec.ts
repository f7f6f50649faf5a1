import { expect, test } from './support/fixtures'

const BLUE = /rgb\((1[0-9]|2[0-9]), (9[0-9]|1[0-2][0-9]), (1[6-9][0-9]|2[0-9][0-9])\)/
const isGrey = (rgb: string) => {
  const [r, g, b] = (rgb.match(/\d+/g) ?? []).map(Number)
  return r !== undefined && g !== undefined && b !== undefined && Math.max(r, g, b) - Math.min(r, g, b) < 30
}

test.describe("the article's three states of Client Portal Access", () => {
  test('a client without a portal account has no username and a grey toggle, and can be invited', async ({ desk }) => {
    await desk.openClient('Ava Nguyen')
    await expect(desk.panel).toContainText('No portal account yet — the client picks their own username')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(desk.panel.getByText('Disabled', { exact: true })).toBeVisible()
    expect(isGrey(await desk.portalSwitch.evaluate((el) => getComputedStyle(el).backgroundColor))).toBe(true)
    await expect(desk.panel.getByRole('button', { name: 'Send Portal Invite' })).toBeVisible()
    await expect(desk.panel.getByRole('button', { name: 'Copy username' })).toHaveCount(0)
    // Issue 13: with no username and no invite there is nothing to turn on; the switch says to send an invite.
    await expect(desk.portalSwitch).toHaveAttribute('aria-disabled', 'true')
    await expect(desk.panel).toContainText('No portal account yet: send a portal invite, which turns access on.')
    // Still focusable (so it can be read out), but pressing it changes nothing.
    await desk.portalSwitch.focus()
    await desk.page.keyboard.press('Space')
    await expect(desk.panel.getByRole('alert')).toHaveCount(0)
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await desk.screenshot('desk-ava-no-account')
    // The invite's dialog says that sending it turned access on.
    await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    await expect(desk.inviteDialog).toContainText('Sending this invite turned portal access on')
  })

  test('a client with an account and a blue toggle shows the username to relay, with a copy button', async ({ desk, page }) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
    await desk.openClient('Joe Fake')
    await expect(desk.panel).toContainText('joefake')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
    await expect(desk.panel.getByText('Enabled', { exact: true })).toBeVisible()
    expect(await desk.portalSwitch.evaluate((el) => getComputedStyle(el).backgroundColor)).toMatch(BLUE)
    await expect(desk.panel).toContainText(/Last sign-in/)
    await desk.screenshot('desk-joe-enabled')

    await desk.panel.getByRole('button', { name: 'Copy username' }).click()
    await expect(desk.panel.getByRole('status').filter({ hasText: 'Username copied' })).toBeVisible()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('joefake')
  })

  test('a client with an account and a grey toggle shows the username and that they cannot sign in', async ({ desk }) => {
    await desk.openClient('Sam Rivera')
    await expect(desk.panel).toContainText('samrivera')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(desk.panel).toContainText('Sam cannot sign in to the portal until access is turned on again.')
    expect(isGrey(await desk.portalSwitch.evaluate((el) => getComputedStyle(el).backgroundColor))).toBe(true)
    await expect(desk.panel.getByRole('button', { name: /Send Portal Invite|Resend Portal Invite/ })).toHaveCount(0)
    await desk.screenshot('desk-sam-disabled')
  })
})
