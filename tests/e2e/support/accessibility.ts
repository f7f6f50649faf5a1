import AxeBuilder from '@axe-core/playwright'
import { type Page, expect } from '@playwright/test'

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: what issue 13 asks every screen to meet. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

/** axe-core's findings on the page as it is now, one line each: rule, impact, where, and what it says. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  return violations.flatMap((v) => v.nodes.map((node) => `${v.id} (${v.impact ?? 'n/a'}) at ${node.target.join(' ')}: ${v.help}`))
}

/** Fails the test, naming the screen, when axe-core finds any WCAG A/AA violation on the page. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const problems = await accessibilityProblems(page)
  expect(problems, `axe-core on "${screen}" (${page.url()})`).toEqual([])
}
