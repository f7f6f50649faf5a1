import { CHANNELS } from '../../shared/channels'
import { expect, test } from './support/fixtures'

test.describe('staff can never edit, clear or reset a username', () => {
  for (const name of ['Ava Nguyen', 'Joe Fake', 'Sam Rivera']) {
    test(`no control on ${name}'s profile changes a username`, async ({ desk, page }) => {
      await desk.openClient(name)
      await expect(desk.panel.getByRole('textbox')).toHaveCount(0)
      await expect(page.getByRole('button', { name: /user ?name/i }).filter({ hasNotText: 'Copy username' })).toHaveCount(0)
      await expect(page.getByRole('textbox', { name: /user ?name/i })).toHaveCount(0)
      await desk.button('Edit details').click()
      await expect(page.getByLabel(/user ?name/i)).toHaveCount(0)
      await expect(page.locator('input, textarea, select, [contenteditable="true"]').filter({ hasText: /joefake|samrivera/ })).toHaveCount(0)
      for (const input of await page.locator('input').all()) expect(await input.inputValue()).not.toMatch(/^(joefake|samrivera)$/)
    })
  }

  test('the desk has no API method for it either', async ({ desk, page }) => {
    await expect(desk.search).toBeVisible()
    const methods = await page.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())
    expect(methods).toEqual([...CHANNELS].sort())
    for (const method of methods) expect(method).not.toMatch(/user ?name/i)
  })
})
