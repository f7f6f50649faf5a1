import { hostname } from 'node:os'
import { addAdmin, expect, test } from './support/fixtures'
import { freePort } from '../support/free-port'

// The portal on every interface, as the desk app serves it: the address choice and the firewall step show.
test.use({ hostArgs: ['--portal-host', '0.0.0.0'] })

test.describe('Settings → Client portal on the office network', () => {
  test('the admin chooses the address invites use (this computer’s name here), it is remembered, and the firewall step is shown', async ({ desk, page, host }) => {
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    await desk.mainNav.getByRole('link', { name: 'Settings' }).click()
    const section = page.getByRole('region', { name: 'Client portal' })
    const port = await freePort()
    await section.getByRole('spinbutton', { name: 'Port' }).fill(String(port))
    await section.getByRole('switch', { name: 'Let clients use the portal from this computer' }).click()

    const address = section.getByRole('combobox', { name: 'Address in invites' })
    await expect(address).toHaveValue('')
    await expect(address.getByRole('option', { name: hostname(), exact: true })).toHaveCount(1)
    const firewall = section.getByRole('note', { name: 'Firewall' })
    await expect(firewall).toContainText('Other devices may be blocked by this computer’s firewall.')
    await expect(firewall).toContainText(`sudo ufw allow ${port}/tcp`)

    await address.selectOption(hostname())
    await expect(section.getByRole('list').getByRole('listitem').first()).toHaveText(`http://${hostname()}:${port}`)
    await expect(section).toContainText(`Invites and password reset codes now point to http://${hostname()}:${port}.`)
    await firewall.scrollIntoViewIfNeeded()
    await desk.screenshot('desk-settings-portal-address')

    // Remembered by this computer: Settings opened again shows the choice.
    await page.reload()
    await desk.mainNav.getByRole('link', { name: 'Settings' }).click()
    await expect(page.getByRole('region', { name: 'Client portal' }).getByRole('combobox', { name: 'Address in invites' })).toHaveValue(hostname())
  })
})
