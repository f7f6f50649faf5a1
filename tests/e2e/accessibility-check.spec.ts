import { accessibilityProblems } from './support/accessibility'
import { expect, test } from './support/fixtures'

// The check every screen goes through can fail: a real screen with one unnamed button is reported,
// by rule and place. (The button is removed again, so the test's own last-screen check passes.)
test('the accessibility check reports a violation on a real screen, naming the rule and the element', async ({ desk, page }) => {
  await desk.openClient('Joe Fake')
  expect(await accessibilityProblems(page)).toEqual([])
  await page.evaluate(() => {
    const button = document.createElement('button')
    button.id = 'unnamed-for-the-test'
    document.querySelector('main')?.append(button)
  })
  expect(await accessibilityProblems(page)).toEqual([expect.stringMatching(/^button-name \(critical\) at #unnamed-for-the-test: /)])
  await page.evaluate(() => document.getElementById('unnamed-for-the-test')?.remove())
})
