import { addAdmin, expect, test } from './support/fixtures'

/**
 * Issue 13: "The client list can be narrowed to Active / Inactive / Portal on / Locked / Invited
 * (keyboard reachable, counts shown), and admins get Turn off portal access for all inactive
 * clients with a confirmation naming the number."
 */
test('the filters narrow the list by mouse and by keyboard, each with its count, and narrow a search too', async ({ desk, page }) => {
  await expect(desk.filter('All')).toBeChecked()
  const all = await desk.filterCount('All')
  await expect(desk.listCount).toHaveText(`${all.toLocaleString('en-US')} clients`)
  const [active, inactive] = [await desk.filterCount('Active'), await desk.filterCount('Inactive')]
  expect(active + inactive).toBe(all)

  // Mouse: Portal on shows only clients whose row says so, as many as its count.
  await desk.filterBy('Portal on')
  const portalOn = await desk.filterCount('Portal on')
  await expect(desk.listCount).toHaveText(portalOn === 1 ? '1 client' : `${String(portalOn)} clients`)
  await expect(desk.clientList.getByRole('button').first()).toContainText('Portal on')
  await desk.screenshot('client-filters-portal-on')

  // Keyboard: Tab from the search box reaches the chosen filter; the arrow keys move and choose.
  await desk.search.focus()
  await page.keyboard.press('Tab')
  await expect(desk.filter('Portal on')).toBeFocused()
  await page.keyboard.press('ArrowLeft')
  await expect(desk.filter('Inactive')).toBeChecked()
  await expect(desk.filter('Inactive')).toBeFocused()
  await expect(desk.clientList).not.toHaveAttribute('aria-busy', 'true')
  await expect(desk.listCount).toHaveText(inactive === 1 ? '1 client' : `${String(inactive)} clients`)
  // Tab goes on past the group (one stop) to the list.
  await page.keyboard.press('Tab')
  await expect(desk.clientList.getByRole('button').first()).toBeFocused()

  // A search is narrowed by the filter: Joe Fake is active, so Inactive finds no Joe.
  await desk.searchFor('joe fake')
  await expect(desk.clientList.getByRole('button')).toHaveCount(0)
  await desk.filterBy('Active')
  await expect(desk.client('Joe Fake')).toBeVisible()
  await desk.searchFor('')
  await desk.filterBy('All')
  await expect(desk.listCount).toHaveText(`${all.toLocaleString('en-US')} clients`)
})

test('front desk staff don’t see the bulk action; an admin confirms the number and every inactive client’s access goes off', async ({ desk, page, host }) => {
  // Joe Fake, marked inactive but keeping his portal access: one inactive client with access on.
  await desk.openClient('Joe Fake')
  await desk.profile.getByRole('button', { name: 'Mark inactive' }).click()
  const markDialog = page.getByRole('dialog', { name: 'Mark Joe Fake inactive?' })
  await markDialog.getByRole('checkbox', { name: 'Also turn off Joe’s portal access' }).uncheck()
  await markDialog.getByRole('button', { name: 'Mark inactive' }).click()
  await expect(desk.portalSwitch).toBeChecked()
  await desk.searchFor('')
  await desk.filterBy('Inactive')
  const bulk = page.getByRole('button', { name: 'Turn off portal access for all inactive clients' })
  await expect(bulk).toHaveCount(0)

  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  await desk.filterBy('Inactive')
  await expect(bulk).toBeVisible()
  await desk.screenshot('client-filters-inactive-admin')
  await bulk.click()
  const confirm = page.getByRole('dialog', { name: /^Turn off portal access for \d+ inactive clients?\?$/ })
  await expect(confirm).toBeVisible()
  const named = Number((await confirm.getByRole('heading').innerText()).replace(/\D/g, ''))
  expect(named).toBeGreaterThanOrEqual(1)
  await expect(confirm.getByRole('button', { name: 'Turn off portal access' })).toBeFocused()
  await desk.screenshot('client-filters-confirm')

  // Cancel (Escape) changes nothing; then confirm for real.
  await page.keyboard.press('Escape')
  await expect(confirm).toBeHidden()
  await expect(bulk).toBeVisible()
  await bulk.click()
  await confirm.getByRole('button', { name: 'Turn off portal access' }).click()
  const done = page.getByRole('status').filter({ hasText: `Portal access turned off for ${String(named)} inactive client` })
  await expect(done).toBeVisible()
  await desk.screenshot('client-filters-bulk-done')
  await page.getByRole('button', { name: 'Done', exact: true }).click()
  await expect(bulk).toHaveCount(0)

  await desk.client('Joe Fake').click()
  await expect(desk.portalSwitch).not.toBeChecked()
})

for (const width of [960, 1280]) {
  test(`the filter row and the admin's bulk action fit the list pane at ${String(width)} px`, async ({ desk, page, host }) => {
    await page.setViewportSize({ width, height: 800 })
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    await desk.filterBy('Inactive')
    for (const word of ['All', 'Active', 'Inactive', 'Portal on', 'Locked', 'Invited']) {
      const box = (await desk.filter(word).locator('xpath=..').boundingBox())!
      const pane = (await page.getByRole('region', { name: 'Clients' }).boundingBox())!
      expect(box.x + box.width, word).toBeLessThanOrEqual(pane.x + pane.width)
    }
    await desk.screenshot(`client-filters-${String(width)}`)
  })
}
