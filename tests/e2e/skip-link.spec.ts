import { expect, test } from './support/fixtures'

/** Issue 13: the desk gets a "Skip to client list" link, the first stop of the keyboard. */
test('the keyboard’s first stop is "Skip to client list", which shows and takes the keyboard to the list', async ({ desk, page }) => {
  await expect(desk.clientList.getByRole('button').first()).toBeVisible()
  // It comes before the menu: one Shift+Tab back from the menu's first link, and nothing before it.
  await desk.mainNav.getByRole('link', { name: 'Clients' }).focus()
  await page.keyboard.press('Shift+Tab')
  const skip = page.getByRole('link', { name: 'Skip to client list' })
  await expect(skip).toBeFocused()
  expect(await page.evaluate(() => [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter((el) => (el as HTMLElement).tabIndex >= 0)[0]?.textContent)).toBe('Skip to client list')
  await expect(skip).toBeInViewport()
  await desk.screenshot('desk-skip-link')
  await page.keyboard.press('Enter')
  await expect(desk.clientList.locator(':focus')).toHaveCount(1)
  await expect(skip).not.toBeInViewport()
})
