import { expect, test } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

/**
 * Issue 13: Edit username with a bad new username and no password marked only the password and
 * focused it. Every invalid field is marked, and focus goes to the first.
 */
test('Save with a bad new username and no password marks both fields and focuses the username', async ({ staffDesk, portal, page }, testInfo) => {
  const code = await staffDesk.issuePasswordReset('Joe Fake')
  await portal.resetPassword('joefake', code, PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
  await portal.signIn('joefake', PASSWORD)
  await portal.openMyProfile('Joe Fake')
  await portal.startEditUsername()

  const username = portal.field('New username')
  const password = portal.field('Current password')
  await username.fill('joe fake!')
  await portal.button('Save').click()
  await expect(username).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(username).toBeFocused()
  await portal.screenshot('edit-username-two-problems', testInfo.project.name)

  // Mended, it saves.
  await username.fill('joe.fake2')
  await password.fill(PASSWORD)
  await portal.button('Save').click()
  await expect(page.getByRole('status').filter({ hasText: 'Your username is now joe.fake2' })).toBeVisible()
})
