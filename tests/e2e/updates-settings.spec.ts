import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

test.describe('Settings → Updates', () => {
  test('is off by default; an admin can point it at an https server or GitHub, and main refuses http', async ({ desk, page, host }) => {
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    const settings = new SettingsPage(page)
    await settings.open()
    await expect(settings.updatesSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(settings.updates.getByLabel('Update server address')).toHaveValue('')

    // Main refuses a plain-http feed; what was typed stays so it can be corrected.
    await settings.saveUpdateSettings({ enabled: true, feed: { server: 'http://updates.example.org/portico' } })
    await expect(settings.updates.getByRole('alert')).toContainText('Some details need attention')
    await expect(settings.updates.getByText('Give the full https:// address of the update server.')).toBeVisible()
    await expect(settings.updates.getByLabel('Update server address')).toHaveValue('http://updates.example.org/portico')

    // Turning updates on without saying where they come from is refused too.
    await settings.updates.getByLabel('Update server address').fill('')
    await settings.updates.getByRole('button', { name: 'Save update settings' }).click()
    await expect(settings.updates.getByText('Choose where updates come from before turning them on.')).toBeVisible()

    await settings.saveUpdateSettings({ enabled: true, feed: { server: 'https://updates.example.org/portico' } })
    await expect(settings.updates.getByRole('status')).toHaveText(/^Saved\. Portico checks for updates at start/)
    await desk.screenshot('desk-settings-updates')

    // What main stored is what the page shows after a reload.
    await page.reload()
    await settings.open()
    await expect(settings.updatesSwitch).toHaveAttribute('aria-checked', 'true')
    await expect(settings.updates.getByLabel('Update server address')).toHaveValue('https://updates.example.org/portico')

    await settings.saveUpdateSettings({ enabled: false, feed: { owner: 'my-practice', repo: 'portico' } })
    await expect(settings.updates.getByRole('status')).toHaveText('Saved. Updates are off.')
    await expect(settings.updatesSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(settings.updates.getByLabel('Repository')).toHaveValue('portico')
  })
})
