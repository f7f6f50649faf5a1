import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow, Menu, app, dialog, ipcMain, powerMonitor, screen } from 'electron'
import { FileAnchorStore } from '../../db/audit/chain-head'
import { FileKeyStore, importingKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { inspectBackup, restoreBackup } from '../../db/backup'
import { backupsOfPractice } from '../../db/practice-file-check'
import { DatabaseDamagedError } from '../../db/connection'
import { handlers } from './handlers'
import { lockFromSystem } from './handlers/session.handlers'
import { isTrustedSender, registerIpc } from './ipc'
import { aboutText, menuTemplate } from './app-menu'
import { ElectronKeyStore } from './audit/electron-key-store'
import { DESK_CONFIG_NAME, DeskConfigStore } from './desk/desk-config'
import { startDesk } from './desk-starter'
import { electronSealer } from './desk/electron-sealer'
import { deskStartTarget } from './desk/start-target'
import { launchRefusal } from './launch-guard'
import { createDeskRuntime } from './runtime'
import { closeOnQuit } from './shutdown'
import { createElectronUpdates } from './updates/electron-updates'
import { bringForward, createMainWindow, hardenSession, registerAppScheme, rendererOrigin, serveRenderer } from './window'

/**
 * Running from source, better-sqlite3 in node_modules is built for Node (the tests need that).
 * `npm start` builds a second copy for Electron into .cache/; packaged builds are rebuilt by
 * electron-builder and need nothing here.
 */
function electronNativeBinding(): string | undefined {
  if (app.isPackaged) return undefined
  const candidate = join(app.getAppPath(), '.cache/electron-native/better_sqlite3.node')
  return existsSync(candidate) ? candidate : undefined
}

// Tests of the packaged-like app point it at a folder of their own.
const dataDirOverride = process.env['PORTICO_DATA_DIR']
if (dataDirOverride && !app.isPackaged) app.setPath('userData', dataDirOverride)

/** A damaged database is never written to: offer the newest backup that passes its check. */
async function offerRestore(dbPath: string, backupFolders: string[]): Promise<boolean> {
  const nativeBinding = electronNativeBinding()
  let newest: ReturnType<typeof backupsOfPractice>[number] | undefined
  for (const backup of backupsOfPractice(dbPath, backupFolders)) {
    if ((await inspectBackup(backup.path, { nativeBinding })).ok) {
      newest = backup
      break
    }
  }
  const { response } = await dialog.showMessageBox({
    type: 'error',
    title: 'Portico’s database is damaged',
    message: 'Portico’s database failed its start-up check, so Portico has not opened or changed it.',
    detail: newest
      ? `The newest backup is from ${new Date(newest.takenAt).toLocaleString()}. Restoring it keeps the damaged file aside, so nothing is deleted.`
      : 'There is no sound backup in the backup folder. Contact your IT support; keep the file as it is.',
    buttons: newest ? ['Restore the newest backup', 'Quit'] : ['Quit'],
    defaultId: 0,
    cancelId: newest ? 1 : 0,
  })
  if (!newest || response !== 0) return false
  await restoreBackup({ currentPath: dbPath, backupPath: newest.path, now: new Date(), nativeBinding })
  return true
}

async function start(): Promise<void> {
  const userData = app.getPath('userData')
  const builtInPath = join(userData, 'portico.sqlite3')
  // This computer's own settings: its portal, backup folder and database (a server's password
  // sealed with safeStorage). An unreadable file gives the defaults, and admins are told.
  const deskConfig = new DeskConfigStore(join(userData, DESK_CONFIG_NAME), electronSealer)
  const { dbPath, notice } = deskStartTarget(deskConfig, builtInPath)
  const runtimeOptions = {
    dbPath,
    builtInPath,
    deskConfig,
    startNotice: notice,
    workstation: hostname(),
    rendererDir: join(__dirname, '../renderer'),
    portalHost: '0.0.0.0',
    deskDir: userData,
    // Backups in the desk's chosen folder count too: a file that looks new is never a new practice over them.
    open: { nativeBinding: electronNativeBinding(), backupFolders: [deskConfig.get().backupFolder] },
    // The practice's audit key, encrypted in the desk's own config (imported once from a key file
    // put beside the database), and the chain's recorded heads in the desk's config too.
    audit: (path: string) => ({
      keys: importingKeyStore(new ElectronKeyStore(join(userData, 'audit-keys.json')), new FileKeyStore(keyFileBeside(path))),
      anchors: new FileAnchorStore(join(userData, 'audit-anchors')),
    }),
  }
  // Migrations (after a backup) and the quick check run before any window opens. A practice server
  // that can't be reached is the exception: the window opens on the message, and the desk starts
  // by itself once the server answers.
  const startOptions = { dbPath, handlers, start: () => createDeskRuntime(runtimeOptions) }
  let desk
  try {
    desk = await startDesk(startOptions)
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError) || !(await offerRestore(dbPath, [deskConfig.get().backupFolder]))) throw error
    desk = await startDesk(startOptions)
  }

  let win: BrowserWindow | null = null
  const appOrigin = rendererOrigin()
  registerIpc(ipcMain, desk.call, (event) => isTrustedSender(event, win?.webContents ?? null, appOrigin))

  let updates: ReturnType<typeof createElectronUpdates> | null = null
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      menuTemplate({
        isPackaged: app.isPackaged,
        platform: process.platform,
        onAbout: () => void showAbout(desk.runtime?.ctx.data?.store.version().catch(() => 'database unknown')),
        onCheckForUpdates: () => void updates?.checkByHand(),
      }),
    ),
  )

  hardenSession()
  serveRenderer(join(__dirname, '../renderer'))
  const windowOptions = { stateFile: join(app.getPath('userData'), 'window-state.json'), screen }
  win = createMainWindow(windowOptions)
  app.on('activate', () => {
    if (!bringForward(win)) win = createMainWindow(windowOptions)
  })
  // A clean shutdown: every quit waits (up to a limit) for the portal to stop, then the database to close.
  closeOnQuit(app, {
    stopPortal: async () => desk.runtime?.ctx.portalServer.stop(),
    closeDatabase: () => desk.dispose(),
  })

  // What needs the database waits until the desk has started (at once, unless the server was away).
  desk.ready.then(
    (runtime) => {
      const { ctx } = runtime
      // Lock at once when the OS screen locks or the machine sleeps; the renderer sees it on its next call.
      powerMonitor.on('lock-screen', () => void lockFromSystem(ctx, 'os-lock-screen'))
      powerMonitor.on('suspend', () => void lockFromSystem(ctx, 'suspend'))
      updates = createElectronUpdates(runtime, () => win, (line) => console.error(line))
      ctx.updates = updates
      void updates.start()
    },
    (error: unknown) => cannotStart(error),
  )
}

/** A database from a newer Portico, a failed migration (rolled back), a damaged file, a refused sign-in: a clear message, never a crash. */
function cannotStart(error: unknown): void {
  dialog.showErrorBox('Portico could not start', error instanceof Error ? error.message : String(error))
  app.exit(1)
}

/** Help → About Portico: versions only. */
async function showAbout(database: Promise<string> | undefined): Promise<void> {
  const { message, detail } = aboutText({
    portico: app.getVersion(),
    electron: process.versions.electron ?? 'unknown',
    chromium: process.versions.chrome ?? 'unknown',
    node: process.versions.node,
    database: (await database) ?? 'database unknown',
  })
  const options = { type: 'info' as const, title: 'About Portico', message, detail, buttons: ['OK'] }
  const win = BrowserWindow.getFocusedWindow()
  await (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options))
}

// An installed Portico can't be driven over a debugging port (only the workflow's smoke-test build may).
const refusal = launchRefusal(process.argv, app.isPackaged)
// Pinned shortcuts and notifications group under the installer's appId (electron-builder.yml).
if (process.platform === 'win32') app.setAppUserModelId('app.portico.desk')
// Before ready: app:// gets its privileges (a real origin, secure, fetch).
registerAppScheme()

if (refusal) {
  console.error(refusal)
  app.exit(2)
} else if (!app.requestSingleInstanceLock()) {
  // Another Portico has the database open: it comes forward (below) and this one leaves.
  app.quit()
} else {
  // Registered before anything is awaited, so a second launch during start-up is not lost; it
  // brings forward whichever desk window exists by then.
  app.on('second-instance', () => {
    bringForward(BrowserWindow.getAllWindows()[0] ?? null)
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  // The file (or the server's database) is left as it was.
  app.whenReady().then(start).catch(cannotStart)
}
