import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

test.describe('Settings → Practice', () => {
  test('an admin sets the practice’s name, phone, country and the portal’s public address; main refuses an address clients can’t use', async ({ desk, page, host }) => {
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    const settings = new SettingsPage(page)
    await settings.open()
    await expect(settings.practice.getByLabel('Portal’s public address')).toHaveValue('')

    // An address with a code in it, or one only this computer can open, is refused in plain words; what was typed stays.
    await settings.savePracticeDetails({ name: 'Harbour Physio', phone: '+64 9 555 0142', country: 'New Zealand', publicAddress: 'https://portal.harbourphysio.example/?code=1' })
    await expect(settings.practice.getByText('Give the address without anything after ? or #.')).toBeVisible()
    await expect(settings.practice.getByLabel('Portal’s public address')).toBeFocused()
    await settings.practice.getByLabel('Portal’s public address').fill('http://127.0.0.1:5181')
    await settings.practice.getByRole('button', { name: 'Save practice details' }).click()
    await expect(settings.practice.getByText(/That address only works on this computer/)).toBeVisible()
    await settings.practice.getByLabel('Phone').fill('ring us')
    await settings.practice.getByLabel('Portal’s public address').fill('https://portal.harbourphysio.example')
    await settings.practice.getByRole('button', { name: 'Save practice details' }).click()
    await expect(settings.practice.getByText('Give a phone number with digits, spaces and + ( ) - only.')).toBeVisible()
    await expect(settings.practice.getByLabel('Portal’s public address')).toHaveValue('https://portal.harbourphysio.example')

    await settings.practice.getByLabel('Phone').fill('+64 9 555 0142')
    await settings.practice.getByRole('button', { name: 'Save practice details' }).click()
    await expect(settings.practice.getByRole('status')).toHaveText(/^Saved\. Handouts show these details/)
    await desk.screenshot('desk-settings-practice')

    // What main stored (shared by every desk) is what the page shows after a reload.
    await page.reload()
    await settings.open()
    await expect(settings.practice.getByLabel('Practice name')).toHaveValue('Harbour Physio')
    await expect(settings.practice.getByLabel('Phone')).toHaveValue('+64 9 555 0142')
    await expect(settings.practice.getByLabel('Country')).toHaveValue('NZ')
    await expect(settings.practice.getByLabel('Portal’s public address')).toHaveValue('https://portal.harbourphysio.example')
  })
})
