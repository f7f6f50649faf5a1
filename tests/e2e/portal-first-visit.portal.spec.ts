import { expect, test } from './support/fixtures'

// Issue 13: the anonymous /api/me call logged a 401 in every visitor's console, and Zod's check
// whether it may use eval was a Content-Security-Policy violation (Lighthouse best practices 96).
test('a first visit to the sign-in page logs no error, gets no error status and breaks no Content-Security-Policy', async ({ portal, page }) => {
  const problems: string[] = []
  // What Chromium's Issues panel shows (a CSP violation is reported there, not in the console).
  const devtools = await page.context().newCDPSession(page)
  devtools.on('Audits.issueAdded', ({ issue }) => problems.push(`issue: ${issue.code} ${JSON.stringify(issue.details)}`))
  await devtools.send('Audits.enable')
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
