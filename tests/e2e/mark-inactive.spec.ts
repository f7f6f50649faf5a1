import { expect, test } from './support/fixtures'

/**
 * Issue 13: "Mark inactive asks once: 'Also turn off Sam's portal access?' (checked by default),
 * and doing so ends the client's portal sessions and voids a live invite or reset code. Marking
 * active again never turns access back on by itself."
 */
test('Mark inactive asks about portal access, checked by default; confirming turns the switch off, and Mark active leaves it off', async ({ desk, page }) => {
  await desk.openClient('Joe Fake')
  await expect(desk.portalSwitch).toBeChecked()
  await desk.profile.getByRole('button', { name: 'Mark inactive' }).click()
  const dialog = page.getByRole('dialog', { name: 'Mark Joe Fake inactive?' })
  await expect(dialog).toBeVisible()
  const turnOff = dialog.getByRole('checkbox', { name: 'Also turn off Joe’s portal access' })
  await expect(turnOff).toBeChecked()
  await expect(dialog.getByRole('button', { name: 'Mark inactive' })).toBeFocused()
  await desk.screenshot('mark-inactive-question')

  // Escape changes nothing.
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(desk.portalSwitch).toBeChecked()

  await desk.profile.getByRole('button', { name: 'Mark inactive' }).click()
  await dialog.getByRole('button', { name: 'Mark inactive' }).click()
  await expect(desk.profile.getByRole('button', { name: 'Mark active' })).toBeVisible()
  await expect(desk.portalSwitch).not.toBeChecked()
  await desk.screenshot('mark-inactive-done')

  await desk.profile.getByRole('button', { name: 'Mark active' }).click()
  await expect(desk.profile.getByRole('button', { name: 'Mark inactive' })).toBeVisible()
  await expect(desk.portalSwitch).not.toBeChecked()
})

test('unticked, the client keeps portal access; a client with nothing open in the portal is not asked', async ({ desk, page }) => {
  await desk.openClient('Joe Fake')
  await desk.profile.getByRole('button', { name: 'Mark inactive' }).click()
  const dialog = page.getByRole('dialog', { name: 'Mark Joe Fake inactive?' })
  await dialog.getByRole('checkbox', { name: 'Also turn off Joe’s portal access' }).uncheck()
  await dialog.getByRole('button', { name: 'Mark inactive' }).click()
  await expect(desk.profile.getByRole('button', { name: 'Mark active' })).toBeVisible()
  await expect(desk.portalSwitch).toBeChecked()

  await desk.openClient('Ava Nguyen')
  await desk.profile.getByRole('button', { name: 'Mark inactive' }).click()
  await expect(desk.profile.getByRole('button', { name: 'Mark active' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
})
