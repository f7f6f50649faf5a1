import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { type Browser, type BrowserContext, expect } from '@playwright/test'
import { keyFileBeside } from '../../../db/audit/key-store'
import { DeskPage } from '../page-models/desk-page'
import { startServer } from './fixtures'

const ROOT = resolve(__dirname, '../../..')

/** One desk's browser host on the practice's server database (`npm run web -- --db postgres://…`). */
export interface ServerDesk {
  url: string
  child: ChildProcess
  output: () => string
  /** The demo front-desk sign-in this host printed (each start gives the account a new password). */
  signIn: { username: string; password: string }
}

/**
 * Starts a desk host on `dbUrl`, with a folder of its own for this computer's things and the
 * test's audit-anchor folder, shared by every desk of the practice: the first host to start keeps
 * the practice's audit key in its `keys/` folder, where the others then find it.
 */
export async function startServerDesk(dbUrl: string, anchorDir: string, deskDir: string): Promise<ServerDesk> {
  const { url, child, output } = await startServer('build/web-host/index.ts', ['--port', '0', '--db', dbUrl, '--desk-dir', deskDir], anchorDir)
  const demo = /Demo sign-in: username (\S+) password (\S+)/.exec(output())
  if (!demo) throw new Error(`The host printed no demo sign-in:\n${output()}`)
  return { url, child, output, signIn: { username: demo[1]!, password: demo[2]! } }
}

/** Where the practice's audit key is kept for this server database (what `--key` names for the CLIs). */
export function auditKeyFile(dbUrl: string, anchorDir: string): string {
  return keyFileBeside(dbUrl, join(anchorDir, 'keys'))
}

/** A desk in a browser window of its own, signed in. */
export async function openDesk(browser: Browser, desk: ServerDesk, signIn: { username: string; password: string }): Promise<{ desk: DeskPage; context: BrowserContext }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 } })
  const page = await context.newPage()
  await page.goto(desk.url)
  const deskPage = new DeskPage(page)
  await deskPage.signIn(signIn.username, signIn.password)
  return { desk: deskPage, context }
}

/** `npm run audit:verify -- --db URL --key FILE --anchor FOLDER`: its exit code and what it printed. */
export async function verifyAuditTrail(dbUrl: string, keyFile: string, anchorDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/audit-verify-cli.ts'), '--db', dbUrl, '--key', keyFile, '--anchor', anchorDir], {
    cwd: ROOT,
    env: { ...process.env, PORTICO_ANCHOR_DIR: anchorDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.once('exit', done))
  return { code, output }
}

/** Ends a host this test started, and waits until it has gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((done) => child.once('exit', () => done()))
  child.kill('SIGTERM')
  await gone
}

/** The message every desk shows while the practice's server can't be reached. */
export function outageMessage(desk: DeskPage) {
  return desk.page.getByRole('alertdialog', { name: /^Can’t reach the practice database at 127\.0\.0\.1:\d+\/\w+\. Retrying…$/ })
}

export { expect }
