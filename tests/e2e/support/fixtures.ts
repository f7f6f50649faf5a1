import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { test as base } from '@playwright/test'
import { openDatabase } from '../../../db/connection'
import { putSetting } from '../../../db/repositories/settings.repository'
import { insertStaff } from '../../../db/repositories/staff.repository'
import { hashPassword } from '../../../electron/main/services/passwords'
import { DeskPage } from '../page-models/desk-page'
import { expectAccessible } from './accessibility'
import { PortalPage } from '../page-models/portal-page'

const ROOT = resolve(__dirname, '../../..')

export interface DeskHost {
  url: string
  dbPath: string
  /** This test's folder for the audit chain's recorded heads (PORTICO_ANCHOR_DIR for its servers). */
  anchorDir: string
  /** The demo front-desk user the host printed at start. */
  signIn: { username: string; password: string }
}

/** An admin for tests of admin-only screens, added through the real repositories and password hashing. */
export async function addAdmin(dbPath: string): Promise<{ username: string; password: string }> {
  const credentials = { username: 'alex.admin', password: 'granite-orchard-lantern-42' }
  const { db } = await openDatabase(dbPath)
  try {
    await insertStaff(db, {
      username: credentials.username,
      usernameKey: credentials.username,
      displayName: 'Alex Admin',
      role: 'admin',
      passwordHash: await hashPassword(credentials.password),
      now: new Date().toISOString(),
    })
  } finally {
    await db.destroy()
  }
  return credentials
}

/** The practice's details as an admin saves them under Settings → Practice, written straight to the database. */
export async function setPracticeDetails(dbPath: string, details: { name: string; phone: string; publicAddress: string }): Promise<void> {
  const { db } = await openDatabase(dbPath)
  try {
    await putSetting(db, 'practice.name', details.name)
    await putSetting(db, 'practice.phone', details.phone)
    await putSetting(db, 'portal.publicUrl', details.publicAddress)
    await putSetting(db, 'portal.publicUrlChosen', 'yes')
  } finally {
    await db.destroy()
  }
}

/** Runs one of the project's servers through tsx (as its npm script does, without rebuilding) and waits for its URL. */
export async function startServer(script: string, args: string[], anchorDir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, script), ...args], {
    cwd: ROOT,
    // The audit chain's heads go to the test's own folder, never the user's config folder.
    env: { ...process.env, PORTICO_ANCHOR_DIR: anchorDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    // Starting takes 3–5 s alone (tsx, migrations, the demo's password hashes) and over 20 s on a busy machine.
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${output}`)), 60_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ready at (https?:\/\/127\.0\.0\.1:\d+\/)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}):\n${output}`)))
  })
  return { url, child, output: () => output }
}

/**
 * Each test gets its own data folder, its own database with the demo practice and its own desk
 * host (`npm run web`). Portal tests add `npm run portal` on the same database file, as a practice
 * would run it beside the desk.
 */
export const test = base.extend<{ hostArgs: string[]; host: DeskHost; desk: DeskPage; staffDesk: DeskPage; portalUrl: string; portal: PortalPage; accessibleAtEnd: void }>({
  /** Further `npm run web` options for a spec (`test.use({ hostArgs: ['--portal-host', '0.0.0.0'] })`). */
  hostArgs: [[], { option: true }],
  /** Every test's last screen is checked with axe-core too, whatever it showed on the way. */
  accessibleAtEnd: [
    async ({ page }, use, testInfo) => {
      await use()
      if (testInfo.status === testInfo.expectedStatus && testInfo.expectedStatus === 'passed' && !page.isClosed() && page.url().startsWith('http')) {
        await expectAccessible(page, `the last screen of "${testInfo.title}"`)
      }
    },
    { auto: true },
  ],
  host: async ({ hostArgs }, use, testInfo) => {
    const dbPath = testInfo.outputPath('portico.sqlite3')
    const anchorDir = testInfo.outputPath('audit-anchors')
    const { url, child, output } = await startServer('build/web-host/index.ts', ['--port', '0', '--db', dbPath, ...hostArgs], anchorDir)
    const demo = /Demo sign-in: username (\S+) password (\S+)/.exec(output())
    if (!demo) throw new Error(`The host printed no demo sign-in:\n${output()}`)
    await use({ url, dbPath, anchorDir, signIn: { username: demo[1]!, password: demo[2]! } })
    child.kill('SIGTERM')
  },
  portalUrl: async ({ host }, use) => {
    const { url, child } = await startServer('electron/main/portal/cli.ts', ['--port', '0', '--db', host.dbPath], host.anchorDir)
    await use(url)
    child.kill('SIGTERM')
  },
  portal: async ({ page, portalUrl }, use) => {
    await use(new PortalPage(page, portalUrl))
  },
  /** The desk in a desktop-sized window of its own, beside a client's portal page (which may be a phone). */
  staffDesk: async ({ browser, host }, use) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
    const page = await context.newPage()
    await page.goto(host.url)
    const desk = new DeskPage(page)
    await desk.signIn(host.signIn.username, host.signIn.password)
    await use(desk)
    await context.close()
  },
  desk: async ({ page, host }, use) => {
    const desk = new DeskPage(page)
    await page.goto(host.url)
    await desk.signIn(host.signIn.username, host.signIn.password)
    await use(desk)
  },
})

export { expect } from '@playwright/test'
