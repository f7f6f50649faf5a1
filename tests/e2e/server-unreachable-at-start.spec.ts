import { mkdirSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { DeskPage } from './page-models/desk-page'
import { startServer, test } from './support/fixtures'
import { expect, outageMessage, stopProcess } from './support/practice-server'

let server: TestPostgresServer
let dbUrl: string
let host: ChildProcess | undefined

test.beforeAll(async () => {
  server = await startTestPostgres()
  dbUrl = await server.createDatabase()
})

test.afterAll(async () => {
  if (host) await stopProcess(host)
  await server?.destroy()
})

test('a desk started while the practice server is off opens on the retrying message, and carries on to sign in by itself once the server is on', async ({ page }, testInfo) => {
  await server.stop()
  const anchorDir = testInfo.outputPath('audit-anchors')
  mkdirSync(anchorDir, { recursive: true })
  const started = await startServer('build/web-host/index.ts', ['--port', '0', '--db', dbUrl, '--desk-dir', testInfo.outputPath('desk')], anchorDir)
  host = started.child
  expect(started.output()).toContain(`can’t reach the practice database at 127.0.0.1:${server.port}/`)
  expect(started.output()).not.toContain(decodeURIComponent(new URL(dbUrl).password))

  const desk = new DeskPage(page)
  await page.goto(started.url)
  await test.step('before anyone has signed in, the message covers the first screen, and Retry answers', async () => {
    await expect(outageMessage(desk)).toBeVisible({ timeout: 20_000 })
    await expect(desk.button('Retry')).toBeFocused()
    await desk.screenshot('unreachable-at-start-message')
    await desk.button('Retry').click()
    await expect(outageMessage(desk).getByRole('status')).toHaveText('Still no answer. Portico keeps trying every few seconds.', { timeout: 20_000 })
    await expect(outageMessage(desk)).toBeVisible()
  })

  await test.step('the server comes on: the desk finishes starting and shows the sign-in screen, with nobody pressing anything', async () => {
    await server.start()
    await expect(outageMessage(desk)).toBeHidden({ timeout: 30_000 })
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
    await desk.screenshot('unreachable-at-start-sign-in')
  })

  await test.step('the host made the demo practice once the server answered, and its front desk signs in', async () => {
    await expect.poll(() => /Demo sign-in: username (\S+) password (\S+)/.test(started.output()), { timeout: 30_000 }).toBe(true)
    const [, username, password] = /Demo sign-in: username (\S+) password (\S+)/.exec(started.output())!
    await desk.signIn(username!, password!)
    await desk.searchFor('Joe Fake')
    await expect(desk.client('Joe Fake')).toBeVisible()
  })
  expect(host.exitCode, started.output()).toBeNull()
})
