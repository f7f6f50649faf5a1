import { mkdirSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { type WriteLockHolder, holdWriteLock } from '../support/write-lock-holder'
import { DeskPage } from './page-models/desk-page'
import { addAdmin, startServer, test } from './support/fixtures'
import { expect, stopProcess } from './support/practice-server'

let host: ChildProcess | undefined
let holder: WriteLockHolder | undefined
test.afterAll(async () => {
  await holder?.release()
  if (host) await stopProcess(host)
})

/**
 * Issue 12, "Reads keep working when writes can't": another program holds the practice file's
 * write lock. Joe Fake's profile still opens, and the admin is told, above the clients, that its
 * audit event is waiting to be saved; once the lock is released it is saved and the notice goes.
 */
test('an admin sees how many audit events wait while the database can’t be written, and the profile still opens', async ({ page }, testInfo) => {
  const dbPath = join(testInfo.outputPath('practice'), 'portico.sqlite3')
  mkdirSync(testInfo.outputPath('practice'), { recursive: true })
  const anchorDir = testInfo.outputPath('audit-anchors')
  mkdirSync(anchorDir, { recursive: true })
  const started = await startServer('build/web-host/index.ts', ['--port', '0', '--db', dbPath], anchorDir)
  host = started.child
  await expect.poll(() => /Demo sign-in: username (\S+) password (\S+)/.test(started.output()), { timeout: 30_000 }).toBe(true)
  const admin = await addAdmin(dbPath)

  const desk = new DeskPage(page)
  await page.goto(started.url)
  await desk.signIn(admin.username, admin.password)
  holder = await holdWriteLock('sqlite', dbPath)
  // The profile waits out the busy timeout (5 s) once, then opens.
  await desk.clientsLink.click()
  await desk.searchFor('Joe Fake')
  await desk.client('Joe Fake').click()
  await expect(desk.profileHeading('Joe Fake')).toBeVisible({ timeout: 20_000 })
  const notice = page.getByRole('alert').filter({ hasText: '1 audit event is waiting to be saved' })
  // The desk re-reads its session every 15 s.
  await expect(notice).toBeVisible({ timeout: 45_000 })
  await expect(notice).toHaveText('1 audit event is waiting to be saved: Portico can’t write to the practice’s database right now. They’ll be saved when it can.')
  await desk.screenshot('audit-events-waiting')
  await holder.release()
  holder = undefined
  await expect(notice).toBeHidden({ timeout: 45_000 })
})
