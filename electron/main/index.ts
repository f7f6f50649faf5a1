import { existsSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { BrowserWindow, app, dialog, ipcMain } from 'electron'
import { openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { deskActor } from './context'
import { handlers } from './handlers'
import { isTrustedSender, registerIpc } from './ipc'
import { createPortalServerControl } from './portal/portal-server-control'
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

async function start(): Promise<void> {
  const dbPath = join(app.getPath('userData'), 'portico.sqlite3')
  // Migrations run before any window opens; a database from a newer Portico stops here untouched.
  const { db, created } = await openDatabase(dbPath, { nativeBinding: electronNativeBinding() })
  if (created) await seedDemoPractice(db)

  let win: BrowserWindow | null = null
  const appUrl = rendererUrl()
  const appUrlPrefix = appUrl.startsWith('file:') ? appUrl : new URL(appUrl).origin
  const now = () => new Date()
  // Settings → Client portal: the portal is served from this process, on the office network.
  const portalServer = createPortalServerControl({ db, now, rendererDir: join(__dirname, '../renderer'), host: '0.0.0.0' })
  await portalServer.resume()
  registerIpc(ipcMain, handlers, { db, actor: deskActor(hostname()), now, portalServer }, (event) =>
    isTrustedSender(event, win?.webContents ?? null, appUrlPrefix),
  )
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
  app.on('will-quit', () => void portalServer.stop().finally(() => db.destroy()))
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Portico could not start', error instanceof Error ? error.message : String(error))
    app.exit(1)
  })
}
