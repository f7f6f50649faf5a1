import { mkdirSync, writeFileSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { DeskPage } from './page-models/desk-page'
import { startServer, test } from './support/fixtures'
import { expect, stopProcess } from './support/practice-server'

let host: ChildProcess | undefined
test.afterAll(async () => {
  if (host) await stopProcess(host)
})

/**
 * Issue 12, "Two desks on one file": the practice file is on a shared folder and another computer
 * (BILLING-PC) has it open, as its desk says in the folder beside the file. The desk says so above
 * whatever view is open, to whoever is signed in.
 */
test('a desk whose practice file another computer has open says so, plainly, above the clients', async ({ page }, testInfo) => {
  const folder = testInfo.outputPath('shared-folder')
  const dbPath = join(folder, 'portico.sqlite3')
  mkdirSync(join(`${dbPath}.desks`), { recursive: true })
  writeFileSync(join(`${dbPath}.desks`, 'BILLING-PC-4242.json'), JSON.stringify({ host: 'BILLING-PC', pid: 4242, seenAt: new Date().toISOString() }))
  const anchorDir = testInfo.outputPath('audit-anchors')
  mkdirSync(anchorDir, { recursive: true })
  const started = await startServer('build/web-host/index.ts', ['--port', '0', '--db', dbPath], anchorDir)
  host = started.child
  await expect.poll(() => /Demo sign-in: username (\S+) password (\S+)/.test(started.output()), { timeout: 30_000 }).toBe(true)
  const [, username, password] = /Demo sign-in: username (\S+) password (\S+)/.exec(started.output())!

  const desk = new DeskPage(page)
  await page.goto(started.url)
  await desk.signIn(username!, password!)
  const warning = page.getByRole('alert').filter({ hasText: 'Another computer (BILLING-PC) has this practice’s file open too.' })
  await expect(warning).toBeVisible({ timeout: 20_000 })
  await expect(warning).toContainText('ask your IT person to set up the practice server')
  // The clients are still there to work with, below it.
  await desk.searchFor('Joe Fake')
  await expect(desk.client('Joe Fake')).toBeVisible()
  await desk.screenshot('shared-file-warning-desktop')
  // The desk's window is never narrower than 960 × 600 (window-state.ts): the message wraps there.
  await page.setViewportSize({ width: 960, height: 600 })
  await expect(warning).toBeVisible()
  await desk.screenshot('shared-file-warning-smallest-window')
})
