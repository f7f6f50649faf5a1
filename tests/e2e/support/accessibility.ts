import AxeBuilder from '@axe-core/playwright'
import { type Page, expect } from '@playwright/test'

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what issue 13 asks every screen to meet. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

/** axe-core's findings on the page as it is now, one line each: rule, impact, where, and what it says. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact ?? 'n/a'}) at ${node.target.join(' ')}: ${v.help}`))
}

/**
 * What axe-core's answer depends on, as one short string: the page's address, its whole markup
 * (attributes, inline styles and classes included), which element has focus, the viewport and the
 * scroll. Two equal fingerprints are the same screen, so the same answer.
 */
function screenFingerprint(page: Page): Promise<string> {
  return page.evaluate(() => {
    const focused = document.activeElement
    const text = [
      location.href,
      document.documentElement.outerHTML,
      focused ? `${focused.tagName}#${focused.id}.${focused.className}:${[...(focused.parentElement?.children ?? [])].indexOf(focused)}` : '',
      `${innerWidth}x${innerHeight}@${scrollX},${scrollY}`,
    ].join('\u0000')
    // FNV-1a over the UTF-16 code units, with the length: enough to tell screens apart, and a short string to send.
    let hash = 0x811c9dc5
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
    return `${text.length}:${(hash >>> 0).toString(16)}`
  })
}

/** The last screen each page passed, so a test's closing check doesn't run axe again on the screen its last screenshot checked. */
const passed = new WeakMap<Page, string>()

/** Fails the test, naming the screen, when axe-core finds any WCAG A/AA violation on the page. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const before = await screenFingerprint(page)
  if (passed.get(page) === before) return
  const problems = await accessibilityProblems(page)
  expect(problems, `axe-core on "${screen}" (${page.url()})`).toEqual([])
  // Only a screen that stayed the same while axe looked at it counts as checked.
  if ((await screenFingerprint(page)) === before) passed.set(page, before)
}
