import type { Locator, Page } from '@playwright/test'
import { SettingsPage } from './page-models/settings-page'
import { addAdmin, expect, test } from './support/fixtures'

/** How far the window itself has scrolled, and where the left menu's top edge is on screen. */
const windowState = (page: Page) =>
  page.evaluate(() => ({
    scrolled: Math.max(document.scrollingElement?.scrollTop ?? 0, window.scrollY),
    menuTop: Math.round(document.querySelector('nav[aria-label="Main"]')?.getBoundingClientRect().top ?? Number.NaN),
  }))

/** Turns the mouse wheel well down over `over`, then waits for the page to settle (two frames). */
async function wheelOver(page: Page, over: Locator, deltaY = 2_000) {
  const box = await over.boundingBox()
  if (!box) throw new Error('nothing to scroll over')
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200))
  await page.mouse.wheel(0, deltaY)
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/**
 * Issue 13: the desk's window never scrolls, only its panes do. After "Back up now" in Settings, a
 * turn of the mouse wheel over the left menu used to scroll the whole window about 580 px and cut
 * the menu off (a visually hidden table heading, absolutely placed inside a scrolling pane that
 * gave it no positioning context, made the page taller than the window).
 */
test('the window stays put and the left menu stays in place, whichever pane is scrolled', async ({ desk, page, host }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const menu = desk.mainNav
  const start = await windowState(page)
  expect(start.scrolled).toBe(0)

  await desk.openClient('Joe Fake')
  for (const pane of [menu, desk.clientList, desk.profile, desk.panel]) {
    await wheelOver(page, pane)
    expect(await windowState(page)).toEqual(start)
  }

  const settings = new SettingsPage(page)
  await settings.open()
  await settings.backUpNow()
  await wheelOver(page, menu)
  expect(await windowState(page)).toEqual(start)
  await wheelOver(page, settings.heading, 20_000)
  expect(await windowState(page)).toEqual(start)
  await wheelOver(page, menu)
  expect(await windowState(page)).toEqual(start)
  await desk.screenshot('desk-settings-after-wheel')
})
