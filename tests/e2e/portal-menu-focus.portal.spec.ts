import { expect, test } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

/**
 * Issue 13: the portal's menu items, focused by the arrow keys, showed only a pale background
 * (about 1.1:1 against white): the focus ring was switched off for anything with tabindex -1.
 */
test('a menu item focused from the keyboard shows the focus ring', async ({ staffDesk, portal, page }, testInfo) => {
  await portal.resetPassword('joefake', await staffDesk.issuePasswordReset('Joe Fake'), PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
  await portal.signIn('joefake', PASSWORD)
  const account = portal.accountMenu('Joe Fake')
  await account.focus()
  await page.keyboard.press('ArrowDown')
  const first = page.getByRole('menuitem').first()
  await expect(first).toBeFocused()
  const ring = await first.evaluate((el) => {
    const style = getComputedStyle(el)
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) }
  })
  expect(ring).toEqual({ style: 'solid', width: 3 })
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('menuitem').nth(1)).toBeFocused()
  await portal.screenshot('menu-focus-ring', testInfo.project.name)
})
