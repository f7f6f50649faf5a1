import { addAdmin, expect, test } from './support/fixtures'
import { freePort } from '../support/free-port'

test.describe('Settings → Client portal', () => {
  test('is off by default; turned on, it shows the address to give clients, and the portal answers there', async ({ desk, page, host }) => {
    // Front-desk staff don't see Settings; an admin does.
    await expect(desk.mainNav.getByRole('link', { name: 'Settings' })).toHaveCount(0)
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    await desk.mainNav.getByRole('link', { name: 'Settings' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible()
    const section = page.getByRole('region', { name: 'Client portal' })
    const serve = section.getByRole('switch', { name: 'Let clients use the portal from this computer' })
    await expect(serve).toHaveAttribute('aria-checked', 'false')

    await section.getByRole('spinbutton', { name: 'Port' }).fill('80')
    await section.getByRole('button', { name: 'Save' }).click()
    await expect(section.getByText('Use a port from 1024 to 65535.')).toBeVisible()

    const port = await freePort()
    await section.getByRole('spinbutton', { name: 'Port' }).fill(String(port))
    await serve.click()
    await expect(serve).toHaveAttribute('aria-checked', 'true')
    await expect(section).toContainText(`http://127.0.0.1:${port}`)
    await desk.screenshot('desk-settings-portal-on')

    const client = await page.context().newPage()
    await client.goto(`http://127.0.0.1:${port}/sign-in`)
    await expect(client.getByRole('button', { name: 'Sign in' })).toBeVisible()
    await client.close()

    // Invites now point clients at that address.
    await desk.mainNav.getByRole('link', { name: 'Clients' }).click()
    await desk.openClient('Ava Nguyen')
    await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    await expect(desk.inviteDialog).toContainText(`http://127.0.0.1:${port}/activate`)
  })
})
