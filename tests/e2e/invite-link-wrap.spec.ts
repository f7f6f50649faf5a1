import type { Locator } from '@playwright/test'
import { expect, setPracticeDetails, test } from './support/fixtures'

/** Where the text of `element` wraps onto a new line: the text before each wrap, up to the break. */
function wrapsIn(element: Locator): Promise<string[]> {
  return element.evaluate((el) => {
    const text = el.textContent ?? ''
    const range = document.createRange()
    const tops: number[] = []
    // Each character's own box; its top says which line it is on.
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < (node.textContent ?? '').length; i += 1) {
        range.setStart(node, i)
        range.setEnd(node, i + 1)
        tops.push(Math.round(range.getBoundingClientRect().top))
      }
    }
    const wraps: string[] = []
    for (let i = 1; i < tops.length; i += 1) if (tops[i]! > tops[i - 1]! + 2) wraps.push(text.slice(0, i))
    return wraps
  })
}

/**
 * Issue 13: the invite dialog's link broke mid-word ("…/activat" / "e") at 1280 and 960 px. A link
 * may wrap only after a slash (or a dot, or before a query), so each part stays readable aloud.
 */
for (const width of [1280, 1024, 960]) {
  test(`at ${width} px the invite's link wraps only between its parts, never inside a word`, async ({ desk, page, host }) => {
    // The handout shows the link only where clients can reach it: a public address of the practice's own.
    await setPracticeDetails(host.dbPath, { name: 'Harbour Physio', phone: '', publicAddress: 'https://portal.harbourphysio.example' })
    await page.setViewportSize({ width, height: 800 })
    await desk.openClient('Ava Nguyen')
    await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    const link = desk.inviteDialog.locator('dd').filter({ hasText: /^https?:\/\// })
    await expect(link).toHaveText(/\/activate$/)
    for (const before of await wrapsIn(link)) expect(before, `wrapped after "${before}"`).toMatch(/[/.?&=-]$/)
    await desk.screenshot(`desk-invite-dialog-${width}`)
  })
}
