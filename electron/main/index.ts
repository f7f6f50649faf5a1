import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain, powerMonitor } from 'electron'
import { defaultBackupFolder, inspectBackup, listBackups, restoreBackup } from '../../db/backup'
import { DatabaseDamagedError } from '../../db/connection'
import { handlers } from './handlers'
import { lockFromSystem } from './handlers/session.handlers'
import { isTrustedSender, registerIpc } from './ipc'
import { createDeskRuntime } from './runtime'
import { createMainWindow, hardenSession, rendererUrl } from './window'

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
async function offerRestore(dbPath: string): Promise<boolean> {
  const nativeBinding = electronNativeBinding()
  let newest: ReturnType<typeof listBackups>[number] | undefined
  for (const backup of listBackups(defaultBackupFolder(dbPath))) {
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
      : 'There is no backup in the default backup folder. Contact your IT support; keep the file as it is.',
    buttons: newest ? ['Restore the newest backup', 'Quit'] : ['Quit'],
    defaultId: 0,
    cancelId: newest ? 1 : 0,
  })
  if (!newest || response !== 0) return false
  await restoreBackup({ currentPath: dbPath, backupPath: newest.path, now: new Date(), nativeBinding })
  return true
}

async function start(): Promise<void> {
  const dbPath = join(app.getPath('userData'), 'portico.sqlite3')
  const runtimeOptions = {
    dbPath,
    workstation: hostname(),
    rendererDir: join(__dirname, '../renderer'),
    portalHost: '0.0.0.0',
    open: { nativeBinding: electronNativeBinding() },
  }
  // Migrations (after a backup) and the quick check run before any window opens.
  let runtime
  try {
    runtime = await createDeskRuntime(runtimeOptions)
  } catch (error) {
    if (!(error instanceof DatabaseDamagedError) || !(await offerRestore(dbPath))) throw error
    runtime = await createDeskRuntime(runtimeOptions)
  }
  const { ctx } = runtime

  let win: BrowserWindow | null = null
  const appUrl = rendererUrl()
  const appUrlPrefix = appUrl.startsWith('file:') ? appUrl : new URL(appUrl).origin
  registerIpc(ipcMain, handlers, ctx, (event) => isTrustedSender(event, win?.webContents ?? null, appUrlPrefix))

  // Lock at once when the OS screen locks or the machine sleeps; the renderer sees it on its next call.
  powerMonitor.on('lock-screen', () => void lockFromSystem(ctx, 'os-lock-screen'))
  powerMonitor.on('suspend', () => void lockFromSystem(ctx, 'suspend'))

  hardenSession()
  win = createMainWindow()
  // A second launch brings the open desk forward instead of opening the database twice.
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createMainWindow()
  })
  app.on('will-quit', () => void runtime.dispose())
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.whenReady().then(start).catch((error: unknown) => {
    // A database from a newer Portico, a failed migration (rolled back) or a damaged file: a clear
    // screen, never a crash, and the file is left as it was.
    dialog.showErrorBox('Portico could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}
