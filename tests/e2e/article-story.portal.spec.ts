import { expect, test } from './support/fixtures'

const NEW_PASSWORD = 'harbour-lantern-kowhai-tui'

test.describe("the article's story, desk and client together", () => {
  test('staff find the username, issue a reset code; the client resets, signs in and changes their username; the desk shows it', async ({ staffDesk, portal, page }, testInfo) => {
    const shot = (name: string) => portal.screenshot(name, testInfo.project.name)

    // 1. Staff find Joe Fake's username in the desk.
    await staffDesk.openClient('Joe Fake')
    await expect(staffDesk.panel).toContainText('joefake')

    // 2. Staff issue a reset code, shown once.
    await staffDesk.panel.getByRole('button', { name: 'Send Password Reset' }).click()
    const dialog = staffDesk.page.getByRole('dialog', { name: /Password reset for Joe Fake/ })
    const code = (await dialog.getByLabel('One-time code').innerText()).trim()
    expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/)
    await dialog.getByRole('button', { name: 'Done' }).click()

    // 3. The client resets the password.
    await portal.goto('/reset-password')
    await shot('reset-password')
    await portal.resetPassword('joefake', code, NEW_PASSWORD)
    await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
    await shot('sign-in-after-reset')

    // 4. The client signs in with the original username and the new password.
    await portal.signIn('joefake', NEW_PASSWORD)
    await expect(portal.accountMenu('Joe Fake')).toBeVisible()
    await shot('signed-in')
    if (testInfo.project.name === 'portal-phone') {
      // On a phone the menu sits at the very bottom of the screen.
      const box = (await portal.accountMenu('Joe Fake').boundingBox())!
      expect(box.y + box.height).toBeGreaterThan(page.viewportSize()!.height - 80)
    } else {
      const box = (await portal.accountMenu('Joe Fake').boundingBox())!
      expect(box.y).toBeLessThan(120)
      expect(box.x).toBeGreaterThan(page.viewportSize()!.width / 2)
    }

    // 5. Name → My profile → Edit username (behind "More" on smaller screens) → new username + password → Save.
    await portal.openMyProfile('Joe Fake')
    await expect(portal.button('More')).toBeVisible({ visible: testInfo.project.name === 'portal-phone' })
    await shot('my-profile')
    await portal.startEditUsername()
    await portal.field('New username').fill('samrivera')
    await expect(page.getByRole('status').filter({ hasText: 'That username is already taken.' })).toBeVisible()
    await portal.field('New username').fill('joe.real')
    await expect(page.getByRole('status').filter({ hasText: 'Available' })).toBeVisible()
    await portal.field('Current password').fill(NEW_PASSWORD)
    await shot('edit-username')
    const save = portal.button('Save')
    const saveBox = (await save.boundingBox())!
    const formBox = (await page.locator('form').filter({ has: portal.field('New username') }).boundingBox())!
    expect(saveBox.x + saveBox.width).toBeGreaterThan(formBox.x + formBox.width - 40) // bottom right
    await save.click()
    await expect(page.getByRole('status').filter({ hasText: 'Your username is now joe.real' })).toBeVisible()
    await shot('username-changed')

    // 6. The desk shows the new one on its next read.
    await staffDesk.page.reload()
    await staffDesk.openClient('Joe Fake')
    await expect(staffDesk.panel).toContainText('joe.real')
    await expect(staffDesk.panel).not.toContainText('joefake')
  })

  test('a disabled client (Sam Rivera, after a reset) cannot sign in with the right password', async ({ staffDesk, portal, page }, testInfo) => {
    await staffDesk.openClient('Sam Rivera')
    await expect(staffDesk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await staffDesk.panel.getByRole('button', { name: 'Send Password Reset' }).click()
    const code = (await staffDesk.page.getByLabel('One-time code').innerText()).trim()
    await portal.resetPassword('samrivera', code, NEW_PASSWORD)
    await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
    await portal.signIn('samrivera', NEW_PASSWORD)
    await expect(portal.alert).toContainText(/portal access is turned off/i)
    await expect(portal.accountMenu('Sam Rivera')).toHaveCount(0)
    await portal.screenshot('sign-in-disabled', testInfo.project.name)
  })

  test('a new client activates an invite and picks their own username', async ({ staffDesk, portal, page }, testInfo) => {
    await staffDesk.openClient('Ava Nguyen')
    await staffDesk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    const code = (await staffDesk.inviteDialog.getByLabel('One-time code').innerText()).trim()

    await portal.goto('/activate')
    await portal.screenshot('activate', testInfo.project.name)
    await portal.activate({ code, dateOfBirth: '1991-06-14', username: 'ava.n', password: 'password1234' })
    await expect(page.getByText(/commonly used password/)).toBeVisible()
    await portal.field('Password').fill(NEW_PASSWORD)
    await portal.button('Activate').click()
    await expect(page.getByRole('status').filter({ hasText: /account is ready/i })).toBeVisible()
    await portal.signIn('ava.n', NEW_PASSWORD)
    await expect(portal.accountMenu('Ava Nguyen')).toBeVisible()

    await staffDesk.page.reload()
    await staffDesk.openClient('Ava Nguyen')
    await expect(staffDesk.panel).toContainText('ava.n')
    await expect(staffDesk.portalSwitch).toHaveAttribute('aria-checked', 'true')
  })

  test('the sign-in page offers reset, activation and help for a forgotten username', async ({ portal, page }, testInfo) => {
    await portal.goto('/sign-in')
    await portal.screenshot('sign-in', testInfo.project.name)
    await expect(page.getByRole('link', { name: 'Reset password' })).toBeVisible()
    await expect(page.getByRole('link', { name: 'Activate your account' })).toBeVisible()
    await page.getByRole('link', { name: 'Forgot your username?' }).click()
    await expect(page.getByText(/contact/i).first()).toBeVisible()
    await portal.screenshot('forgot-username', testInfo.project.name)
    await portal.signIn('joefake', 'not-the-password-at-all')
    await expect(portal.alert).toContainText(/don’t match|don't match/)
  })
})
