import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type Page, chromium } from '@playwright/test'
import { APP_INDEX_URL } from '../../electron/main/app-protocol'
import { CHROMIUM_ARGS, findChromium } from '../../tests/e2e/support/chromium'
import { startWebHost } from '../web-host/server'
import { type SmokeStep, checkDesk } from './smoke-checks'
import { findPackagedExecutable, freshDataEnv, parseSmokeArgs } from './smoke-options'

/**
 * The release workflow's proof that the installed app works: the unpacked packaged app (app.asar,
 * better-sqlite3 from app.asar.unpacked, the fuses, the asar integrity check) is started with a
 * fresh data folder and a remote-debugging port, which only the smoke-test build
 * (PORTICO_SMOKE_BUILD=1) accepts, and driven over CDP. Playwright's `_electron.launch` can't be
 * used: it passes --inspect, which the fused app refuses. Exits 1 when any check fails.
 *
 * `--web` runs the same checks against the browser host in Chromium, so the check logic is proven
 * on a machine without a packaged app. `--expect-refusal` checks the installers' build instead:
 * started with a debugging port, it must exit without ever answering on it.
 */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as { port: number }
  await new Promise((done) => server.close(done))
  return port
}

/** Whether something answers CDP's version endpoint on the port. */
async function cdpAnswers(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/json/version`, { signal: AbortSignal.timeout(1000) })).ok
  } catch {
    return false
  }
}

/** Waits for the first page at `url` among the browser's pages. */
async function pageAt(browser: Browser, url: string, timeoutMs: number): Promise<Page> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const page = browser.contexts().flatMap((c) => c.pages()).find((p) => p.url() === url)
    if (page) return page
    await new Promise((done) => setTimeout(done, 200))
  }
  const seen = browser.contexts().flatMap((c) => c.pages()).map((p) => p.url())
  throw new Error(`no page at ${url} within ${timeoutMs / 1000} s (pages: ${seen.join(', ') || 'none'})`)
}

/** Starts `command` with a debugging port and connects once it answers; fails if the process ends first. */
async function startAndConnect(command: string, args: string[], env: NodeJS.ProcessEnv, port: number, timeoutMs: number, quiet = false): Promise<{ child: ChildProcess; browser: Browser }> {
  const child = spawn(command, args, { env, stdio: ['ignore', quiet ? 'ignore' : 'inherit', quiet ? 'ignore' : 'inherit'] })
  let exited: number | null | undefined
  child.once('exit', (code) => (exited = code))
  const until = Date.now() + timeoutMs
  while (!(await cdpAnswers(port))) {
    if (exited !== undefined) throw new Error(`${command} exited (code ${exited}) before its debugging port answered`)
    if (Date.now() > until) throw new Error(`${command}'s debugging port did not answer within ${timeoutMs / 1000} s`)
    await new Promise((done) => setTimeout(done, 250))
  }
  return { child, browser: await chromium.connectOverCDP(`http://127.0.0.1:${port}`, { timeout: timeoutMs }) }
}

/**
 * Ends the app (or Chromium) and waits until it has, so its data folder can go: first as a window
 * closing would (CDP's Browser.close), then, if it is still running, with a signal.
 */
async function stop(child: ChildProcess | undefined, browser: Browser | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const ended = new Promise((done) => child.once('exit', done))
  const within = (ms: number) => Promise.race([ended.then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), ms))])
  try {
    await (await browser?.newBrowserCDPSession())?.send('Browser.close')
  } catch {
    // The connection may drop as it closes; the wait below decides.
  }
  if (await within(15_000)) return
  child.kill()
  await within(10_000)
}

function report(steps: SmokeStep[]): boolean {
  for (const s of steps) console.log(`${s.ok ? 'ok  ' : 'FAIL'} ${s.name}${s.detail ? `: ${s.detail}` : ''}`)
  return steps.length > 0 && steps.every((s) => s.ok)
}

/** The installers' build, started with a debugging port: it must exit on its own and never answer. */
async function expectRefusal(executable: string, env: NodeJS.ProcessEnv, port: number, timeoutMs: number): Promise<SmokeStep[]> {
  const child = spawn(executable, [`--remote-debugging-port=${port}`], { env, stdio: ['ignore', 'inherit', 'inherit'] })
  const code = await new Promise<number | null | 'running'>((done) => {
    const timer = setTimeout(() => done('running'), timeoutMs)
    child.once('exit', (c) => (clearTimeout(timer), done(c)))
  })
  if (code === 'running') child.kill()
  const window = (await cdpAnswers(port)) ? 'its debugging port answered' : undefined
  return [{ name: 'the installers’ build refuses --remote-debugging-port and exits', ok: code !== 'running' && code !== 0 && !window, detail: code === 'running' ? 'it kept running' : (window ?? `exit code ${code}`) }]
}

async function main(): Promise<boolean> {
  const options = parseSmokeArgs(process.argv.slice(2))
  const data = mkdtempSync(join(tmpdir(), 'portico-smoke-'))
  const port = await freePort()
  let child: ChildProcess | undefined
  let browser: Browser | undefined
  let closeHost: (() => Promise<void>) | undefined
  try {
    if (options.mode === 'packaged') {
      const executable = findPackagedExecutable(options.dist)
      console.log(`Packaged app: ${executable}; data folder: ${data}`)
      const env = freshDataEnv(data, process.env)
      if (options.expectRefusal) return report(await expectRefusal(executable, env, port, options.timeoutMs))
      ;({ child, browser } = await startAndConnect(executable, [`--remote-debugging-port=${port}`, `--user-data-dir=${join(data, 'userData')}`], env, port, options.timeoutMs))
      return report(await checkDesk(await pageAt(browser, APP_INDEX_URL, options.timeoutMs), APP_INDEX_URL, options.timeoutMs))
    }
    // --web: the browser host on an empty database, opened by a Chromium started the same way.
    const host = await startWebHost({ dbPath: join(data, 'portico.sqlite3'), deskDir: data, port: 0, empty: true, rendererDir: resolve(__dirname, '../../out/renderer') })
    closeHost = () => host.close()
    const args = [...CHROMIUM_ARGS, '--headless=new', `--remote-debugging-port=${port}`, `--user-data-dir=${join(data, 'chromium')}`, host.url]
    ;({ child, browser } = await startAndConnect(findChromium(), args, process.env, port, options.timeoutMs, true))
    return report(await checkDesk(await pageAt(browser, host.url, options.timeoutMs), host.url, options.timeoutMs))
  } finally {
    await stop(child, browser)
    await closeHost?.()
    try {
      rmSync(data, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 })
    } catch {
      console.log(`Could not remove the data folder ${data}; remove it by hand.`)
    }
  }
}

main().then(
  (passed) => process.exit(passed ? 0 : 1),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exit(1)
  },
)
