import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { cachedPractice, workingCopy } from '../../build/bench/practice-cache'
import { addAdmin, expect, startServer, test } from './support/fixtures'
import { DeskPage } from './page-models/desk-page'

/**
 * The client list draws only the rows in view and reads the rest from main as it scrolls to them.
 * Past about 140,000 clients the list is taller than a browser lets an element be, so it is drawn
 * scaled; these tests scroll to the very last client of 200,000 and walk the list by keyboard.
 */
const scroller = (desk: DeskPage) => desk.page.locator('.client-scroll')
const drawn = (desk: DeskPage) => desk.clientList.locator('li')

/** The name shown on the last drawn row whose position is `n` (1-based). */
async function nameAt(desk: DeskPage, n: number): Promise<string> {
  const row = desk.clientList.locator(`li[aria-posinset="${String(n)}"]`)
  await expect(row.getByRole('button')).toBeVisible()
  return (await row.locator('.client-item-name').innerText()).trim()
}

/** Every client's name in the list's order, read straight from the file (names only). */
function namesInOrder(dbPath: string): string[] {
  const sqlite = new SqliteDatabase(dbPath, { readonly: true })
  try {
    return sqlite.prepare(`select first_name || ' ' || last_name from clients order by last_name collate nocase, first_name collate nocase, id`).pluck().all() as string[]
  } finally {
    sqlite.close()
  }
}

test.describe('the demo practice’s list', () => {
  test('draws only what is in view, scrolls to the last client, and moves by keyboard', async ({ desk, host, page }) => {
    const names = namesInOrder(host.dbPath)
    await expect(page.getByRole('status').filter({ hasText: /^200 clients$/ })).toBeVisible()
    expect(await drawn(desk).count()).toBeLessThan(40)

    await scroller(desk).evaluate((el) => (el.scrollTop = el.scrollHeight))
    expect(await nameAt(desk, 200)).toBe(names[199])

    // The search box, then the filters (one stop), then the list: Tab reaches the list once; the
    // arrow keys, Home and End move within it.
    await desk.search.focus()
    await page.keyboard.press('Tab')
    await expect(page.getByRole('radio', { name: /^All\b/ })).toBeFocused()
    await page.keyboard.press('Tab')
    const focusedRow = () => page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset') ?? null)
    const first = Number(await focusedRow())
    expect(first).toBeGreaterThan(150)
    await page.keyboard.press('Home')
    await expect.poll(focusedRow).toBe('1')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    await expect.poll(focusedRow).toBe('3')
    await page.keyboard.press('Enter')
    await expect(desk.profileHeading(names[2]!)).toBeVisible()
    await page.keyboard.press('End')
    await expect.poll(focusedRow).toBe('200')
    await desk.screenshot('desk-list-keyboard')

    // Saving a client's details refreshes the list where it is, and the keyboard lands on their name.
    await page.keyboard.press('Enter')
    await expect(desk.profileHeading(names[199]!)).toBeVisible()
    const before = await scroller(desk).evaluate((el) => el.scrollTop)
    expect(before).toBeGreaterThan(1000)
    await desk.button('Edit details').click()
    await desk.field('Preferred name').fill('Zed')
    await desk.button('Save').click()
    await expect(desk.profileHeading(names[199]!)).toBeFocused()
    await expect(desk.clientList.locator('li[aria-posinset="200"]')).toContainText('(Zed)')
    expect(await scroller(desk).evaluate((el) => el.scrollTop)).toBe(before)
  })
})

test.describe('a practice of 200,000 clients', () => {
  test.setTimeout(120_000)
  test('the list is scaled under the browser’s height limit and still reaches every client', async ({ page }, testInfo) => {
    const practice = await cachedPractice({ cacheDir: resolve(__dirname, '../../.cache/e2e'), size: 200_000, seed: 20260501 })
    mkdirSync(testInfo.outputDir, { recursive: true })
    const copy = workingCopy(practice, testInfo.outputDir)
    const admin = await addAdmin(copy.path)
    const names = namesInOrder(copy.path)
    const { url, child } = await startServer('build/web-host/index.ts', ['--port', '0', '--db', copy.path, '--empty', '--allow-real-data'], testInfo.outputPath('audit-anchors'))
    try {
      const desk = new DeskPage(page)
      await page.goto(url)
      await desk.signIn(admin.username, admin.password)
      await expect(page.getByRole('status').filter({ hasText: /^200,000 clients$/ })).toBeVisible()
      const height = await scroller(desk).evaluate((el) => el.scrollHeight)
      // 200,000 rows of 56 px would be 11.2 million px; the list stays at 8 million.
      expect(height).toBeLessThanOrEqual(8_000_000)

      // Halfway down the scroll bar is halfway down the list, and its rows arrive from main.
      await scroller(desk).evaluate((el) => (el.scrollTop = (el.scrollHeight - el.clientHeight) / 2))
      // (The row holding the tab stop stays drawn too, out of sight: take the middle of what is drawn.)
      const middleDrawn = async () => {
        const positions = (await drawn(desk).evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('aria-posinset'))))).sort((a, b) => a - b)
        return positions[Math.floor(positions.length / 2)]!
      }
      await expect.poll(async () => Math.abs((await middleDrawn()) - 100_000)).toBeLessThan(50)
      await expect(desk.clientList.getByText('Loading…')).toHaveCount(0)
      const middle = await middleDrawn()
      expect(await nameAt(desk, middle + 3)).toBe(names[middle + 2])

      // The bottom of the scroll bar is the last client.
      await scroller(desk).evaluate((el) => (el.scrollTop = el.scrollHeight))
      expect(await nameAt(desk, 200_000)).toBe(names[199_999])
      await desk.screenshot('desk-list-200k-bottom')

      // By keyboard (the search box, the filters, then the list): Home goes to the first client, and
      // one ArrowUp from the last wraps nowhere.
      await desk.search.focus()
      await page.keyboard.press('Tab')
      await expect(page.getByRole('radio', { name: /^All\b/ })).toBeFocused()
      await page.keyboard.press('Tab')
      const focusedRow = () => page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('aria-posinset') ?? null)
      await page.keyboard.press('Home')
      expect(await nameAt(desk, 1)).toBe(names[0])
      // Keys pressed faster than the list draws still all arrive.
      await page.keyboard.press('End')
      await page.keyboard.press('ArrowUp')
      await expect.poll(focusedRow).toBe('199999')
      await page.keyboard.press('Home')
      await page.keyboard.press('ArrowDown')
      await expect.poll(focusedRow).toBe('2')
    } finally {
      child.kill('SIGTERM')
      copy.remove()
    }
  })
})
