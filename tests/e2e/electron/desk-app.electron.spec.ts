import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { type ElectronApplication, type Page, test as base, _electron as electron, expect } from '@playwright/test'
import { DeskPage } from '../page-models/desk-page'
import windowApiKeys from './window-api-keys.json'

const ROOT = resolve(__dirname, '../../..')

/**
 * The Electron binary, if this machine has one. Read from the package's path.txt rather than by
 * requiring `electron`, which would try to download the binary.
 */
function electronBinary(): string | null {
  const pkg = dirname(createRequire(__filename).resolve('electron/package.json'))
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
/** Electron needs a display; on Linux CI that is xvfb (`xvfb-run -a npm run test:electron`). */
const noDisplay = process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']

/** Each test gets its own app process and its own data folder, so the first-run setup screen shows. */
const test = base.extend<{ app: ElectronApplication; window: Page }>({
  app: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'portico-electron-'))
    const env = { ...process.env, PORTICO_DATA_DIR: dataDir }
    // The built renderer, never a dev server; and Electron as itself, never as plain Node.
    delete env['ELECTRON_RENDERER_URL']
    delete env['ELECTRON_RUN_AS_NODE']
    // The folder, as `electron .` and `npm start` do: the app path is then the repository, where
    // main finds the Electron build of better-sqlite3 (.cache/electron-native). On Linux Playwright
    // adds --no-sandbox (Ubuntu's AppArmor blocks Chromium's namespace sandbox on CI runners); the
    // renderer's `sandbox` web preference checked below is unaffected.
    const app = await electron.launch({ executablePath: binary!, args: [ROOT], cwd: ROOT, env, timeout: 30_000 })
    await use(app)
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  },
  window: async ({ app }, use) => {
    const window = await app.firstWindow()
    await window.waitForLoadState('domcontentloaded')
    await use(window)
  },
})

/** Runs in main: the desk's one BrowserWindow. */
const windowCount = (app: ElectronApplication) => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)

test.describe('the desk in the real Electron binary', () => {
  test.skip(
    !binary,
    'The Electron binary is not installed here (node_modules/electron/dist is missing: its download is blocked or was skipped). ' +
      'The same renderer, dispatcher and handlers are covered through the browser host in tests/e2e, and window.api’s keys by tests/unit/window-api-snapshot.test.ts.',
  )
  test.skip(noDisplay, 'No display to open a window on (DISPLAY is unset). Run them under a virtual one: xvfb-run -a npm run test:electron.')
  // One app at a time, in order; a failure does not stop the tests after it.
  test.describe.configure({ mode: 'default' })

  test.beforeAll(() => {
    test.setTimeout(300_000)
    if (!existsSync(join(ROOT, 'out/main/index.js')) || !existsSync(join(ROOT, 'out/renderer/index.html'))) {
      throw new Error('The app is not built: run `npm run build` (npm test does) before `npm run test:electron`.')
    }
    // better-sqlite3 in node_modules is built for Node; main loads the Electron build from
    // .cache/electron-native, made once by the same script `npm start` runs (at once if present).
    execFileSync(process.execPath, [join(ROOT, 'build/electron-native.mjs')], { cwd: ROOT, stdio: 'inherit' })
  })

  test('the window is titled Portico and loads the desk from app://', async ({ app, window }) => {
    await expect(window).toHaveTitle('Portico')
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.getTitle())).toBe('Portico')
    expect(window.url()).toMatch(/^app:\/\//)
  })

  test('the window runs sandboxed and context-isolated, without Node integration', async ({ app }) => {
    // getLastWebPreferences is Electron's own (undocumented) read-back of what the window really runs with.
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      (BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences(),
    )
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
    })
  })

  test('the page sees no Node: require, process, module and Buffer are undefined', async ({ window }) => {
    const kinds = await window.evaluate(() => {
      const g = globalThis as Record<string, unknown>
      return { require: typeof g['require'], process: typeof g['process'], module: typeof g['module'], Buffer: typeof g['Buffer'] }
    })
    expect(kinds).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined' })
  })

  test('window.api has exactly the methods in the snapshot, all functions, and nothing of Electron is exposed', async ({ window }) => {
    const exposed = await window.evaluate(() => {
      const g = globalThis as Record<string, unknown>
      const api = g['api'] as Record<string, unknown>
      return {
        keys: Object.keys(api).sort(),
        allFunctions: Object.values(api).every((value) => typeof value === 'function'),
        others: ['ipcRenderer', 'electron', 'electronAPI', 'contextBridge'].filter((name) => name in g),
      }
    })
    expect(exposed).toEqual({ keys: windowApiKeys, allFunctions: true, others: [] })
  })

  test('the Content-Security-Policy blocks an injected inline script and eval', async ({ window }) => {
    const outcome = await window.evaluate(
      () =>
        new Promise<{ directive: string | null; ran: boolean }>((resolve) => {
          const g = globalThis as Record<string, unknown>
          const settle = (directive: string | null) => resolve({ directive, ran: g['__injected'] === true })
          document.addEventListener('securitypolicyviolation', (event) => settle(event.effectiveDirective), { once: true })
          const script = document.createElement('script')
          script.textContent = 'globalThis.__injected = true'
          document.head.append(script)
          setTimeout(() => settle(null), 3_000)
        }),
    )
    expect(outcome.ran).toBe(false)
    expect(outcome.directive).toMatch(/^script-src/)
    expect(await window.evaluate(() => (globalThis as Record<string, unknown>)['__injected'])).toBeUndefined()
    const evalOutcome = await window.evaluate(() => {
      try {
        return String((0, eval)('1 + 1'))
      } catch (error) {
        return (error as Error).name
      }
    })
    expect(evalOutcome).toBe('EvalError')
  })

  test('window.open returns null and no second window appears', async ({ app, window }) => {
    // Plain http and about:blank: neither is a link the desk would hand to the system browser.
    const results = await window.evaluate(() => [window.open('http://example.invalid/', '_blank'), window.open('about:blank')].map((w) => w === null))
    expect(results).toEqual([true, true])
    expect(await windowCount(app)).toBe(1)
    expect(app.windows()).toHaveLength(1)
  })

  test('navigating away is refused: the page stays on the desk', async ({ app, window }) => {
    await expect(window.getByRole('button', { name: 'Use the demo practice' })).toBeVisible()
    const before = window.url()
    // Record, in main, that the attempt reached it (so the test cannot pass by the attempt never happening).
    await app.evaluate(({ BrowserWindow }) => {
      const seen: string[] = []
      ;(globalThis as Record<string, unknown>)['__navigationAttempts'] = seen
      BrowserWindow.getAllWindows()[0]!.webContents.on('will-navigate', (event) => seen.push(event.url))
    })
    await window.evaluate(() => {
      location.href = 'https://example.com/'
    })
    await expect
      .poll(() => app.evaluate(() => (globalThis as Record<string, unknown>)['__navigationAttempts'] as string[]))
      .toContain('https://example.com/')
    expect(window.url()).toBe(before)
    await expect(window.getByRole('button', { name: 'Use the demo practice' })).toBeVisible()
    expect(await windowCount(app)).toBe(1)
  })

  test('the demo practice opens and its client list shows, down to Joe Fake’s portal username', async ({ window }) => {
    // First run: the setup screen; choose the demo practice and sign in with the password shown once.
    await window.getByRole('button', { name: 'Use the demo practice' }).click()
    const shown = await window.getByRole('status').filter({ hasText: 'demo.admin' }).innerText()
    const password = /password (\S+)/.exec(shown)![1]!
    await window.getByRole('button', { name: 'Continue to sign in' }).click()
    const desk = new DeskPage(window)
    await desk.signIn('demo.admin', password)
    await expect(desk.clientList.getByRole('button').first()).toBeVisible()
    await desk.searchFor('joe fake')
    await desk.client('Joe Fake').click()
    await expect(desk.panel).toContainText('joefake')
  })
})
