import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

/**
 * Issue 13, plain words in Settings: "Serve the client portal" says what it does, the Port says what
 * it is, the backup folder is under Backups (not Security), and the audit log is the Activity log.
 */
test('Settings says what each thing does, and the backup folder is chosen under Backups', async ({ desk, page, host }, testInfo) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const settings = new SettingsPage(page)
  await settings.open()

  const portal = page.getByRole('region', { name: 'Client portal' })
  await expect(portal.getByRole('switch', { name: 'Let clients use the portal from this computer' })).toBeVisible()
  await expect(portal.getByRole('spinbutton', { name: 'Port' })).toHaveAccessibleDescription(/clients’ devices connect to|clients' devices connect to/)
  await expect(settings.audit).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Audit log' })).toHaveCount(0)

  await expect(settings.security.getByRole('textbox', { name: 'Backup folder' })).toHaveCount(0)
  const folderField = settings.backups.getByRole('textbox', { name: 'Backup folder' })
  await expect(folderField).toBeVisible()
  const folder = testInfo.outputPath('elsewhere')
  await folderField.fill(folder)
  await settings.backups.getByRole('button', { name: 'Save folder' }).click()
  await expect(settings.backups.getByRole('status').filter({ hasText: `Backups now go to ${folder}.` })).toBeVisible()
  const saved = await settings.backUpNow()
  expect(saved).toMatch(/^portico-\d{8}-\d{6}\.sqlite3$/)
  await desk.screenshot('desk-settings-backups-folder')
})
