import { expect, test } from './support/fixtures'

// Issue 13: the anonymous /api/me call logged a 401 in every visitor's console.
test('a first visit to the sign-in page logs no error and gets no error status', async ({ portal, page }) => {
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`)
  })
  await portal.goto('/sign-in')
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  // The page has asked whether it is signed in (and been told no) before it offers the form.
  await page.waitForLoadState('networkidle')
  expect(problems).toEqual([])
})
