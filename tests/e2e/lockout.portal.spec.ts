import { expect, test } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

test('after five wrong passwords the account locks; the desk shows until when and can unlock it', async ({ staffDesk, portal, page }, testInfo) => {
  await staffDesk.openClient('Joe Fake')
  await staffDesk.panel.getByRole('button', { name: 'Send Password Reset' }).click()
  const code = (await staffDesk.page.getByLabel('One-time code').innerText()).trim()
  await staffDesk.page.getByRole('button', { name: 'Done' }).click()
  await portal.resetPassword('joefake', code, PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()

  for (let i = 0; i < 5; i++) {
    await portal.signIn('joefake', `not-my-password-${i}`)
    await expect(portal.alert).toContainText(/don’t match|don't match/)
  }
  await portal.signIn('joefake', PASSWORD)
  await expect(portal.alert).toContainText(/paused/)
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
