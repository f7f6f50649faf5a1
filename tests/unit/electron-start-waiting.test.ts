import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { openDatabase } from '../../db/connection'
import { serverSettingsFromUrl } from '../../db/server-settings'
import { CHANNELS } from '../../shared/channels'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { tempDir } from '../support/temp-db'

/**
 * The Electron app's main process, started for real with only the Electron binary faked at its
 * seam: what it registers, the window it opens, the boxes it shows and how it exits.
 */
const electron = vi.hoisted(() => ({
  userData: '',
  ipc: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  appEvents: new Map<string, (event: { preventDefault: () => void }) => void>(),
  windows: [] as { webContents: object }[],
  power: [] as string[],
  errorBoxes: [] as string[],
  exitCode: null as number | null,
  quits: 0,
}))
vi.mock('electron', () => {
  class BrowserWindow {
    static getAllWindows = () => electron.windows
    static getFocusedWindow = () => null
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, mainFrame: { url: 'app://portico/index.html' } }
    constructor() {
      electron.windows.push(this)
    }
    once() {}
    on() {}
    loadURL = async () => undefined
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } }
  return {
    app: {
      isPackaged: false,
      getAppPath: () => electron.userData,
      setPath: () => undefined,
      getPath: () => electron.userData,
      getVersion: () => '0.0.0-test',
      requestSingleInstanceLock: () => true,
      on: (name: string, listener: (event: { preventDefault: () => void }) => void) => electron.appEvents.set(name, listener),
      whenReady: async () => undefined,
      quit: () => (electron.quits += 1),
      exit: (code: number) => (electron.exitCode = code),
    },
    BrowserWindow,
    Menu: { setApplicationMenu: () => undefined, buildFromTemplate: (template: unknown) => template },
    dialog: {
      showErrorBox: (title: string, text: string) => electron.errorBoxes.push(`${title}: ${text}`),
      showMessageBox: async () => ({ response: 0 }),
    },
    ipcMain: { handle: (channel: string, listener: (event: unknown, input: unknown) => Promise<unknown>) => electron.ipc.set(channel, listener) },
    powerMonitor: { on: (name: string) => electron.power.push(name) },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
    shell: { openExternal: async () => undefined },
    // A reversible stand-in for the OS keychain.
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (text: string) => Buffer.from(`sealed:${text}`),
      decryptString: (sealed: Buffer) => sealed.toString().slice('sealed:'.length),
    },
  }
})
vi.mock('electron-updater', () => ({
  autoUpdater: { on: () => undefined, setFeedURL: () => undefined, checkForUpdates: async () => null, downloadUpdate: async () => [], quitAndInstall: () => undefined },
}))

let server: TestPostgresServer
let folder: ReturnType<typeof tempDir>
let url: string
let logged: string[]
let running = true
const stopServer = async () => {
  await server.stop()
  running = false
}
const startServer = async () => {
  await server.start()
  running = true
}
beforeEach(async () => {
  server ??= await startTestPostgres()
  folder = tempDir()
  electron.userData = folder.dir
  for (const list of [electron.windows, electron.power, electron.errorBoxes]) list.length = 0
  electron.ipc.clear()
  electron.appEvents.clear()
  electron.exitCode = null
  electron.quits = 0
  url = await server.createDatabase()
  logged = []
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void logged.push(String(line)))
  vi.resetModules()
}, 60_000)
afterEach(async () => {
  vi.restoreAllMocks()
  // A test that failed with the server stopped still leaves it running for the next.
  if (!running) await startServer()
  await server.dropDatabase(url)
  folder.cleanup()
})
afterAll(async () => server?.destroy())

/** This desk is connected to the practice server, its password sealed in the desk's own config. */
async function connectDeskToServer(): Promise<void> {
  const { DESK_CONFIG_NAME, DeskConfigStore } = await import('../../electron/main/desk/desk-config')
  const { electronSealer } = await import('../../electron/main/desk/electron-sealer')
  new DeskConfigStore(join(folder.dir, DESK_CONFIG_NAME), electronSealer).useServer(serverSettingsFromUrl(url))
}

/** Runs electron/main/index.ts as Electron would, and waits for its window. */
async function launchApp(): Promise<void> {
  await import('../../electron/main/index')
  await vi.waitFor(() => expect(electron.windows.length + electron.errorBoxes.length).toBeGreaterThan(0), { timeout: 20_000, interval: 50 })
}

/** A call from the app's own window, through the channel main registered. */
function callFromWindow(channel: string, input: unknown = {}): Promise<unknown> {
  const webContents = electron.windows[0]!.webContents as { mainFrame: object }
  return electron.ipc.get(`portico:${channel}`)!({ sender: webContents, senderFrame: webContents.mainFrame }, input)
}

const location = () => `127.0.0.1:${server.port}/${new URL(url).pathname.slice(1)}`

describe('the desk app started while its practice server is off', () => {
  test('opens its window with every channel answered, starts once the server answers, and closes cleanly', async () => {
    await connectDeskToServer()
    await stopServer()
    await launchApp()

    expect(electron.errorBoxes).toEqual([])
    expect(electron.windows).toHaveLength(1)
    expect([...electron.ipc.keys()].sort()).toEqual(CHANNELS.map((c) => `portico:${c}`).sort())
    expect(await callFromWindow('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: false, location: location() } })
    expect(await callFromWindow('getSession')).toMatchObject({ ok: false, error: { code: 'STORAGE_UNREACHABLE' } })
    // Nothing that needs the database is wired up yet.
    expect(electron.power).toEqual([])

    await startServer()
    // The window's Retry: the status call tries at once.
    expect(await callFromWindow('getDatabaseStatus')).toEqual({ ok: true, value: { reachable: true, location: location() } })
    expect(await callFromWindow('getSession')).toMatchObject({ ok: true, value: { state: 'setup' } })
    expect(electron.power.sort()).toEqual(['lock-screen', 'suspend'])
    expect(electron.exitCode).toBeNull()

    electron.appEvents.get('will-quit')!({ preventDefault: () => undefined })
    await vi.waitFor(() => expect(electron.exitCode).toBe(0), { timeout: 10_000 })
    expect(logged.some((line) => line.includes(`can’t reach the practice database at ${location()}`))).toBe(true)
    for (const line of logged) expect(line).not.toContain(decodeURIComponent(new URL(url).password))
  })

  test('a database from a newer Portico, found once the server answers, gets today’s “could not start” box and the app exits', async () => {
    const { db } = await openDatabase(url)
    await db.insertInto('kysely_migration' as never).values({ name: '9999_from_the_future', timestamp: new Date().toISOString() } as never).execute()
    await db.destroy()
    await connectDeskToServer()
    await stopServer()
    await launchApp()
    expect(electron.errorBoxes).toEqual([])

    await startServer()
    await callFromWindow('getDatabaseStatus')
    await vi.waitFor(() => expect(electron.exitCode).toBe(1), { timeout: 10_000 })
    expect(electron.errorBoxes).toEqual([expect.stringMatching(/^Portico could not start: This Portico database was written by a newer version of Portico/)])
  })
})
