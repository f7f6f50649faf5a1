import { expect, test } from './support/fixtures'

/** How many lines an element's text takes, from its height and its line height. */
const linesOf = (el: Element) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight))

/**
 * Issue 13, fit: at 960 px (the window's narrowest) "Mark inactive" wrapped under "Edit details" and
 * the staff name in the menu ran over three lines. Checked at 960, 1024 and 1280 wide.
 */
for (const width of [960, 1024, 1280]) {
  test(`at ${width} px the profile's actions stay on one row and the menu shows the staff name in two lines at most, the role on its own`, async ({ desk, page }) => {
    await page.setViewportSize({ width, height: 800 })
    await desk.openClient('Joe Fake')
    const edit = await desk.profile.getByRole('button', { name: 'Edit details' }).boundingBox()
    const status = await desk.profile.getByRole('button', { name: 'Mark inactive' }).boundingBox()
    expect(Math.abs(edit!.y - status!.y)).toBeLessThan(2)
    const who = desk.mainNav.locator('xpath=..').getByText('Robin Front Desk · Front desk')
    await expect(who).toBeVisible()
    // The name over two lines at most, whole; the role on a line of its own.
    const name = who.getByText('Robin Front Desk', { exact: true })
    expect(await name.evaluate(linesOf)).toBeLessThanOrEqual(2)
    expect(await name.evaluate((el) => el.scrollHeight <= el.clientHeight + 1)).toBe(true)
    expect(await who.getByText('Front desk', { exact: true }).evaluate(linesOf)).toBe(1)
    await desk.screenshot(`desk-fit-${width}`)
  })
}
