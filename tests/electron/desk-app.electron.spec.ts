import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'

const ROOT = resolve(__dirname, '../..')

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

test.describe('the packaged desk in the real Electron binary', () => {
  test.skip(!binary, 'The Electron binary is not installed here (node_modules/electron/dist is missing: its download is blocked or was skipped). The same renderer, dispatcher and handlers are covered through the browser host in tests/e2e.')

  test('opens the demo practice in a sandboxed, context-isolated window with only window.api exposed', async () => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(ROOT, 'out/main/index.js')],
      env: { ...process.env, PORTICO_DATA_DIR: mkdtempSync(join(tmpdir(), 'portico-electron-')) },
    })
    const window = await app.firstWindow()
    // getLastWebPreferences is Electron's own (undocumented) read-back of what the window really runs with.
    const prefs = await app.evaluate(({ BrowserWindow }) =>
      (BrowserWindow.getAllWindows()[0]!.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences(),
    )
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    expect(await window.evaluate(() => Object.keys((window as unknown as { api: object }).api).sort())).toHaveLength(28)
    // First run: the setup screen; choose the demo practice and sign in with the demo admin shown once.
    await window.getByRole('button', { name: 'Use the demo practice' }).click()
    const shown = await window.getByRole('status').filter({ hasText: 'demo.admin' }).innerText()
    const password = /password (\S+)/.exec(shown)![1]!
    await window.getByRole('button', { name: 'Continue to sign in' }).click()
    await window.getByRole('textbox', { name: 'Username' }).fill('demo.admin')
    await window.getByLabel('Password', { exact: true }).fill(password)
    await window.getByRole('button', { name: 'Sign in' }).click()
    await window.getByRole('searchbox', { name: 'Search clients' }).fill('joe fake')
    await window.getByRole('button', { name: /Joe Fake/ }).click()
    await expect(window.getByRole('region', { name: 'Client Portal Access' })).toContainText('joefake')
    await app.close()
  })
})
