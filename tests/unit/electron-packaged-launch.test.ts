import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { debugSwitchesIn, launchRefusal, rendererOriginFor, rendererUrlFor } from '../../electron/main/launch-guard'
import { tempDir } from '../support/temp-db'

/**
 * The Electron app's main process as a packaged build runs it, with only the Electron binary faked
 * at its seam: what page it loads, which command lines it refuses, and how it quits.
 */
const electron = vi.hoisted(() => ({
  packaged: true,
  userData: '',
  ipc: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  appEvents: new Map<string, (event: { preventDefault: () => void }) => void>(),
  windows: [] as { webContents: { mainFrame: { url: string } }; loaded: string[] }[],
  exitCode: null as number | null,
  walAtExit: null as boolean | null,
  singleInstanceAsked: false,
}))
vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => electron.windows
    static getFocusedWindow = () => null
    loaded: string[] = []
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, mainFrame: { url: 'app://portico/index.html' } }
    constructor() {
      electron.windows.push(this)
    }
    once() {}
    on() {}
    loadURL = async (url: string) => void this.loaded.push(url)
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }
  return {
    app: {
      get isPackaged() {
        return electron.packaged
      },
      getAppPath: () => electron.userData,
      setPath: () => undefined,
      getPath: () => electron.userData,
      getVersion: () => '0.0.0-test',
      setAppUserModelId: () => undefined,
      requestSingleInstanceLock: () => (electron.singleInstanceAsked = true),
      on: (name: string, listener: (event: { preventDefault: () => void }) => void) => electron.appEvents.set(name, listener),
      whenReady: async () => undefined,
      quit: () => undefined,
      exit: (code: number) => {
        // What is on disk at the moment the process would end.
        electron.walAtExit = existsSync(join(electron.userData, 'portico.sqlite3-wal'))
        electron.exitCode = code
      },
    },
    BrowserWindow,
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (template: unknown) => template },
    dialog: { showErrorBox: () => undefined, showMessageBox: async () => ({ response: 0 }) },
    ipcMain: { handle: (channel: string, listener: (event: unknown, input: unknown) => Promise<unknown>) => electron.ipc.set(channel, listener) },
    powerMonitor: { on: () => undefined },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: async () => undefined },
    safeStorage: { isEncryptionAvailable: () => false, encryptString: () => Buffer.from(''), decryptString: () => '' },
  }
})
vi.mock('electron-updater', () => ({
  autoUpdater: { on: () => undefined, setFeedURL: () => undefined, checkForUpdates: async () => null, downloadUpdate: async () => [], quitAndInstall: () => undefined },
}))

let folder: ReturnType<typeof tempDir>
let savedArgv: string[]
let logged: string[]
beforeEach(() => {
  folder = tempDir()
  electron.userData = folder.dir
  electron.packaged = true
  electron.windows.length = 0
  electron.ipc.clear()
  electron.appEvents.clear()
  electron.exitCode = null
  electron.walAtExit = null
  electron.singleInstanceAsked = false
  savedArgv = process.argv
  logged = []
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)))
  vi.resetModules()
})
afterEach(() => {
  process.argv = savedArgv
  delete process.env['ELECTRON_RENDERER_URL']
  vi.restoreAllMocks()
  folder.cleanup()
})

/** Runs electron/main/index.ts as Electron would, with these switches after the executable. */
async function launch(...args: string[]): Promise<void> {
  process.argv = ['/opt/Portico/portico', ...args]
  await import('../../electron/main/index')
}

describe('a packaged build started with a debugging switch', () => {
  test.each([['--remote-debugging-port=9222'], ['--remote-debugging-pipe'], ['--inspect=0'], ['--inspect-brk']])('%s: refuses to start and exits, opening nothing', async (flag) => {
    await launch(flag)
    expect(electron.exitCode).toBe(2)
    expect(electron.singleInstanceAsked).toBe(false)
    expect(electron.windows).toEqual([])
    expect(logged.join('\n')).toContain('an installed Portico does not allow debugging')
  })

  test('running from source, the same switch is allowed (development and the Electron tests)', () => {
    expect(launchRefusal(['electron', '.', '--remote-debugging-port=9222'], false)).toBeNull()
    expect(launchRefusal(['portico', '--remote-debugging-port=9222'], true, true)).toBeNull()
    expect(debugSwitchesIn(['portico', '--Inspect-Port=9', '--user-data-dir=/x', '--debugger'])).toEqual(['--inspect-port'])
  })
})

describe('a packaged build and ELECTRON_RENDERER_URL', () => {
  test('the page and the origin allowed to call main are app://portico whatever the variable says', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://attacker.example:5173/' }
    expect(rendererUrlFor({ packaged: true, env })).toBe('app://portico/index.html')
    expect(rendererOriginFor({ packaged: true, env })).toBe('app://portico')
    expect(rendererUrlFor({ packaged: false, env })).toBe('http://attacker.example:5173/')
    expect(rendererOriginFor({ packaged: false, env })).toBe('http://attacker.example:5173')
  })

  test('started with it set, the window loads app://portico and a page from its address is refused', async () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://attacker.example:5173/'
    await launch()
    await vi.waitFor(() => expect(electron.windows).toHaveLength(1), { timeout: 20_000, interval: 50 })
    expect(electron.windows[0]!.loaded).toEqual(['app://portico/index.html'])
    const sender = electron.windows[0]!.webContents
    const fromAttacker = { sender, senderFrame: { url: 'http://attacker.example:5173/' } }
    sender.mainFrame.url = 'http://attacker.example:5173/'
    expect(await electron.ipc.get('portico:getSession')!(fromAttacker, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: 'This request did not come from the Portico window.' } })
  })
})

describe('quitting the packaged desk', () => {
  test('waits for the database to close (its WAL checkpointed away) and then exits, once, however often quit is asked', async () => {
    await launch()
    await vi.waitFor(() => expect(electron.appEvents.has('will-quit')).toBe(true), { timeout: 20_000, interval: 50 })
    const call = electron.ipc.get('portico:getSession')!
    const sender = electron.windows[0]!.webContents
    expect(await call({ sender, senderFrame: sender.mainFrame }, {})).toMatchObject({ ok: true, value: { state: 'setup' } })
    expect(existsSync(join(folder.dir, 'portico.sqlite3-wal'))).toBe(true)

    let prevented = 0
    const quit = electron.appEvents.get('will-quit')!
    quit({ preventDefault: () => (prevented += 1) })
    // Asked again while closing (a second Cmd+Q, the OS logging off): held too, and closed only once.
    quit({ preventDefault: () => (prevented += 1) })
    expect(prevented).toBe(2)
    expect(electron.exitCode).toBeNull()
    await vi.waitFor(() => expect(electron.exitCode).toBe(0), { timeout: 15_000, interval: 20 })
    expect(electron.walAtExit).toBe(false)
    expect(logged.filter((line) => line.startsWith('[quit]'))).toEqual([])
  })
})
