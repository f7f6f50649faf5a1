import { asIntruder } from '../support/database'
import { DeskPage } from './page-models/desk-page'
import { addAdmin, expect, test } from './support/fixtures'

/**
 * Issue 12: one client row garbled past SQLite's CHECK (a status no Portico writes) while the desk
 * runs. The list shows the rest as usual and that row as damaged, by its id; its profile says it
 * can't be shown and what to do; admins are told which row.
 */
test('a damaged client row shows as damaged among the others, and its profile says what to do', async ({ page, host }) => {
  const admin = await addAdmin(host.dbPath)
  // The third client in name order, so it is on screen when the list opens.
  await asIntruder(host.dbPath, [
    'pragma ignore_check_constraints = 1',
    `update clients set status = 'bogus' where id = (select id from clients order by last_name collate nocase, first_name collate nocase, id limit 1 offset 2)`,
  ])
  const desk = new DeskPage(page)
  await page.goto(host.url)
  await desk.signIn(admin.username, admin.password)

  await expect(page.getByRole('status').filter({ hasText: /^200 clients$/ })).toBeVisible()
  await expect(desk.damagedClient()).toHaveCount(1)
  const rows = desk.clientList.getByRole('button')
  await expect(rows.nth(0)).not.toHaveText(/damaged/)
  await expect(rows.nth(2)).toHaveText(/^Client #\d+: this row is damaged/)
  await expect(rows.nth(3)).not.toHaveText(/damaged/)
  await expect(page.getByRole('alert').filter({ hasText: /^1 damaged client row was seen: #\d+\. They show in the list as damaged; the other clients are fine\. Restore the newest good backup \(Settings → Backups\) or call support\.$/ })).toBeVisible()

  await desk.damagedClient().click()
  await expect(page.getByText(/^Client #\d+: this client’s record is damaged, so Portico can’t show it\. The other clients are fine\./)).toBeVisible()
  await page.screenshot({ path: 'test-results/damaged-row.png' })
})
