import { join } from 'node:path'
import { BrowserWindow, type Protocol, type Screen, app, protocol, session, shell } from 'electron'
import { APP_SCHEME, appProtocolResponse } from './app-protocol'
import { CONTENT_SECURITY_POLICY } from './csp'
import { isAllowedExternal } from './external-links'
import { pageOrigin } from './ipc'
import { rendererOriginFor, rendererUrlFor } from './launch-guard'
import { MIN_WINDOW, debounce, loadWindowState, placeWindow, saveWindowState } from './window-state'

/**
 * app:// must be declared before the app is ready: standard (real origin, relative URLs), secure
 * (like https), and allowed to use fetch. No bypassing the CSP, no service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves out/renderer, and nothing else, as app://portico/ (after ready). */
export function serveRenderer(rendererDir: string, target: Pick<Protocol, 'handle'> = protocol): void {
  target.handle(APP_SCHEME, (request) => appProtocolResponse({ url: request.url, method: request.method }, rendererDir))
}

/** Headers, permissions and navigation rules for the default session, set once before any window. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  // The desk needs no camera, microphone, notifications, location or anything else: only writing
  // text to the clipboard (Copy username), and only from its own page.
  const appOrigin = rendererOrigin()
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) => {
    callback(isAllowedPermission(permission, pageOrigin(details.requestingUrl || wc.getURL()), appOrigin))
  })
  session.defaultSession.setPermissionCheckHandler((_wc, permission, requestingOrigin) =>
    isAllowedPermission(permission, pageOrigin(requestingOrigin), appOrigin),
  )
}

/** The one permission the desk may use: writing plain text to the clipboard, from the desk's own origin. */
export function isAllowedPermission(permission: string, origin: string | null, appOrigin: string): boolean {
  return permission === 'clipboard-sanitized-write' && origin === appOrigin
}

/** The renderer's address: the dev server in development, always app://portico when packaged. */
export function rendererUrl(): string {
  return rendererUrlFor({ packaged: app.isPackaged, env: process.env })
}

/** The origin allowed to call main: the dev server's in development, always app://portico when packaged. */
export function rendererOrigin(): string {
  return rendererOriginFor({ packaged: app.isPackaged, env: process.env })
}

/** Opens an allowed https/mailto link in the system's browser or mail app; drops anything else. */
function openIfAllowed(url: string): void {
  if (isAllowedExternal(url)) void shell.openExternal(url)
}

export interface MainWindowOptions {
  /** Where the window's size and position are kept between runs. */
  stateFile: string
  screen: Pick<Screen, 'getAllDisplays' | 'getPrimaryDisplay'>
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const primary = options.screen.getPrimaryDisplay()
  const others = options.screen.getAllDisplays().filter((d) => d.id !== primary.id)
  const placed = placeWindow(loadWindowState(options.stateFile), [primary.workArea, ...others.map((d) => d.workArea)])
  const win = new BrowserWindow({
    x: placed.x,
    y: placed.y,
    width: placed.width,
    height: placed.height,
    minWidth: MIN_WINDOW.width,
    minHeight: MIN_WINDOW.height,
    show: false,
    title: 'Portico',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
      // A middle-click would only ask for a new window (always denied below); don't even ask.
      disableBlinkFeatures: 'Auxclick',
    },
  })
  win.once('ready-to-show', () => {
    if (placed.maximized) win.maximize()
    win.show()
  })
  rememberBounds(win, options.stateFile)
  // The desk is one page: no navigation away and no new windows. Allowed links open outside.
  win.webContents.on('will-navigate', (event, url) => {
    event.preventDefault()
    openIfAllowed(url)
  })
  win.webContents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url)
    return { action: 'deny' }
  })
  void win.loadURL(rendererUrl())
  return win
}

function rememberBounds(win: BrowserWindow, stateFile: string): void {
  const save = () => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return
    // While maximized, keep the size it returns to.
    const bounds = win.isMaximized() ? win.getNormalBounds() : win.getBounds()
    try {
      saveWindowState(stateFile, { ...bounds, maximized: win.isMaximized() })
    } catch {
      // Remembering the window is a convenience; a read-only profile must not stop the desk.
    }
  }
  const later = debounce(save, 500)
  win.on('resize', later)
  win.on('move', later)
  win.on('close', () => {
    later.flush()
    save()
  })
}

/** Brings the desk forward (a second launch, the dock icon): restored, shown and focused. */
export function bringForward(win: Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'restore' | 'isVisible' | 'show' | 'focus'> | null): boolean {
  if (!win || win.isDestroyed()) return false
  if (win.isMinimized()) win.restore()
  if (!win.isVisible()) win.show()
  win.focus()
  return true
}
