import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

test.describe('phone numbers in one format for the practice’s country', () => {
  test('a phone typed one way is shown nationally and found by searching another way; one the country can’t read is refused beside the field', async ({ desk, page, host }) => {
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    const settings = new SettingsPage(page)
    await settings.open()
    await settings.savePracticeDetails({ name: 'Harbour Physio', phone: '+1 202 555 0100', country: 'United States', publicAddress: '' })
    await expect(settings.practice.getByRole('status')).toHaveText(/^Saved\./)

    await desk.clientsLink.click()
    await desk.button('New client').click()
    await desk.field('First name').fill('Rua')
    await desk.field('Last name').fill('Tane')
    await desk.field('Date of birth').fill('1988-09-30')
    await desk.field('Phone').fill('(555) 236-4843')
    await desk.button('Save').click()
    await expect(page.getByText('This isn’t a phone number we can read for the United States. Check the digits, or type it with its country code, for example +44 20 7946 0958.')).toBeVisible()
    await expect(desk.field('Phone')).toHaveAttribute('aria-invalid', 'true')
    await expect(desk.field('Phone')).toHaveValue('(555) 236-4843')

    await desk.field('Phone').fill('202.555.0187')
    await desk.button('Save').click()
    await expect(desk.profileHeading('Rua Tane')).toBeVisible()
    await expect(desk.profile.getByText('(202) 555-0187')).toBeVisible()

    for (const typed of ['555-0187', '2025550187', '+1 202 555 0187']) {
      await desk.searchFor(typed)
      await expect(desk.client('Rua Tane')).toBeVisible()
    }
    await expect(desk.clientList.getByRole('button')).toHaveCount(1)
    await expect(desk.client('Rua Tane')).toContainText('(202) 555-0187')
    await desk.screenshot('desk-phone-found-another-way')
  })
})
