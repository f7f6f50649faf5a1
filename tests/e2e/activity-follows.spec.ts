import { expect, test } from './support/fixtures'

/**
 * Issue 13: the open profile went stale. A client's sign-in (or reset, or username change) didn't
 * show in the open Activity tab until another client was opened. It now follows by itself.
 */
test('a client’s sign-in at the portal shows in the open Activity tab without touching the desk', async ({ staffDesk: desk, portal }) => {
  await desk.openClient('Joe Fake')
  await desk.profile.getByRole('tab', { name: 'Activity' }).click()
  const activity = desk.profile.getByRole('list', { name: 'Portal activity' }).or(desk.profile.getByText('No portal activity yet.'))
  await expect(activity).toBeVisible()
  await expect(desk.profile).not.toContainText('A portal sign-in failed')

  await portal.signIn('joefake', 'not-the-password-at-all')
  await expect(portal.page.getByRole('alert')).toBeVisible()
  // The desk refreshes every few seconds while it shows; no click, no other client opened.
  await expect(desk.profile.getByRole('listitem').filter({ hasText: 'A portal sign-in failed (wrong password)' })).toBeVisible({ timeout: 20_000 })
})
