import { expect, test } from './support/fixtures'
import { holdWriteLock, readDatabase } from '../support/database'

test.describe('the portal access toggle', () => {
  test('turning access on is saved, audited, and still on after a reload', async ({ desk, page, host }) => {
    await desk.openClient('Sam Rivera')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await desk.portalSwitch.click()
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
    await expect(desk.panel.getByText('Enabled', { exact: true })).toBeVisible()
    await expect(desk.portalSwitch).not.toHaveAttribute('aria-busy', 'true')

    await page.reload()
    await desk.openClient('Sam Rivera')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
    await expect(desk.panel).not.toContainText('cannot sign in')

    const events = readDatabase(host.dbPath, (db) =>
      db.prepare(`select a.action, a.outcome, a.actor_name from audit_events a join clients c on c.id = a.client_id where c.last_name = 'Rivera' and a.action like 'portal.%'`).all(),
    )
    // Attributed to the staff member who signed in, not to "the desk".
    expect(events).toEqual([{ action: 'portal.access.enable', outcome: 'success', actor_name: 'Robin Front Desk' }])
  })

  test('it can be switched from the keyboard', async ({ desk, page }) => {
    await desk.openClient('Joe Fake')
    await desk.portalSwitch.focus()
    await page.keyboard.press('Space')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(desk.panel).toContainText('Joe cannot sign in to the portal until access is turned on again.')
  })

  test('when the save fails, the switch returns to its old state and says so', async ({ desk, host, page }) => {
    await desk.openClient('Joe Fake')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
    const release = holdWriteLock(host.dbPath)
    try {
      await desk.portalSwitch.click()
      // It shows the new state at once, while the save waits for the database.
      await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'false')
      await expect(desk.panel.getByRole('alert')).toContainText('Portal access was not changed', { timeout: 15_000 })
      await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
      await expect(desk.panel.getByText('Enabled', { exact: true })).toBeVisible()
      await desk.screenshot('desk-toggle-failed')
    } finally {
      release()
    }
    await page.reload()
    await desk.openClient('Joe Fake')
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
  })
})
