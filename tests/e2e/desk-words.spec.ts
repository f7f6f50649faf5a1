import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

/** Issue 13, wording: Activity rows read "…failed Failed", and an admin setting their own password was told to tell themselves in person. */
test('Activity says "failed" or "refused" once per row, and your own new password has no "tell them in person"', async ({ staffDesk: desk, portal, host }) => {
  // Two failed sign-ins (the second while access is off), recorded by the portal itself.
  await portal.signIn('joefake', 'not-the-password-at-all')
  await expect(portal.page.getByRole('alert')).toBeVisible()
  await desk.openClient('Joe Fake')
  await desk.portalSwitch.click()
  await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
  await portal.signIn('joefake', 'not-the-password-at-all')
  await expect(portal.page.getByRole('alert')).toBeVisible()
  await desk.profile.getByRole('tab', { name: 'Activity' }).click()
  const activity = desk.profile.getByRole('list', { name: 'Portal activity' })
  const failed = activity.getByRole('listitem').filter({ hasText: 'A portal sign-in failed (wrong password)' })
  await expect(failed).toHaveCount(2)
  for (const row of await activity.getByRole('listitem').all()) {
    await expect(row).not.toContainText(/failed[^]*failed/i)
    await expect(row).not.toContainText(/refused[^]*refused/i)
  }
  await desk.screenshot('desk-activity-words')

  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const settings = new SettingsPage(desk.page)
  await settings.open()
  const row = (name: string) => settings.staff.getByRole('row').filter({ hasText: name })
  await row('Alex Admin').getByRole('button', { name: 'Set password' }).click()
  const own = settings.staff.getByRole('form', { name: 'Set password for Alex Admin' })
  await expect(own).toContainText('At least')
  await expect(own).not.toContainText('in person')
  await row('Alex Admin').getByRole('button', { name: 'Set password' }).click()
  await row('Robin Front Desk').getByRole('button', { name: 'Set password' }).click()
  await expect(settings.staff.getByRole('form', { name: 'Set password for Robin Front Desk' })).toContainText('Tell Robin Front Desk in person, not by email.')
})
