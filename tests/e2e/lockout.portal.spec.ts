import { expect, test } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

test('after five wrong passwords sign-in is paused and says until when; the desk shows the lock and its Unlock works at once', async ({ staffDesk, portal, page }, testInfo) => {
  // Five failures wait out real delays between them (1 + 2 + 4 + 8 s) on the portal's own clock,
  // beside seven password hashes: about 40 s on a quiet machine, 66–102 s on a busy one.
  test.setTimeout(240_000)
  const code = await staffDesk.issuePasswordReset('Joe Fake')
  await portal.resetPassword('joefake', code, PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()

  for (let i = 0; i < 5; i++) await portal.signInAfterAnyPause('joefake', `not-my-password-${i}`, /don’t match|don't match/)

  // Locked: even the right password is not checked, and the answer says until when.
  await portal.signIn('joefake', PASSWORD)
  await expect(portal.alert).toContainText(/sign-in for this username is paused until \d{1,2}:\d{2}/)
  await expect(portal.accountMenu('Joe Fake')).toHaveCount(0)
  await portal.screenshot('sign-in-locked', testInfo.project.name)

  await staffDesk.page.reload()
  await staffDesk.openClient('Joe Fake')
  await expect(staffDesk.panel).toContainText(/Locked after failed sign-ins until/)
  await staffDesk.screenshot(`desk-joe-locked-${testInfo.project.name}`)
  await staffDesk.panel.getByRole('button', { name: 'Unlock' }).click()
  await expect(staffDesk.panel.getByRole('status').filter({ hasText: 'Sign-in unlocked' })).toBeVisible()
  await expect(staffDesk.panel).not.toContainText(/Locked after failed sign-ins/)

  await portal.signIn('joefake', PASSWORD)
  await expect(portal.accountMenu('Joe Fake')).toBeVisible()
})

test('the live username check answers during Edit username, and past its limit says Save will check', async ({ staffDesk, portal, page }, testInfo) => {
  const code = await staffDesk.issuePasswordReset('Joe Fake')
  await portal.resetPassword('joefake', code, PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
  await portal.signIn('joefake', PASSWORD)
  await portal.openMyProfile('Joe Fake')
  await portal.startEditUsername()

  const check = page.getByRole('status').filter({ hasText: /Available|already taken|when you save/ })
  await portal.field('New username').fill('samrivera')
  await expect(check).toHaveText('That username is already taken.')
  for (let i = 1; i < 5; i++) {
    await portal.field('New username').fill(`joe.new${i}`)
    await expect(check).toHaveText('Available')
  }
  // The sixth name in a minute: the portal won't say, and the form says so plainly.
  await portal.field('New username').fill('joe.real')
  await expect(check).toHaveText('We’ll check this username when you save.')
  await portal.screenshot('username-check-limited', testInfo.project.name)
  // Save still checks: a taken name is refused there.
  await portal.field('New username').fill('SamRivera')
  await portal.field('Current password').fill(PASSWORD)
  await portal.button('Save').click()
  await expect(page.getByText('That username is already taken. Try another.')).toBeVisible()
  await portal.field('New username').fill('joe.real')
  await portal.button('Save').click()
  await expect(page.getByRole('status').filter({ hasText: 'Your username is now joe.real' })).toBeVisible()
})
