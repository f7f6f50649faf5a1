import { join } from 'node:path'
import { BrowserWindow, session, shell } from 'electron'
import { CONTENT_SECURITY_POLICY } from './csp'


/** Headers, permissions and navigation rules for the default session, set once before any window. */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    })
  })
  // The desk needs no camera, microphone, notifications or location.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
}

/** The renderer's address: the dev server in development, the bundled file otherwise. */
export function rendererUrl(): string {
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  if (devUrl) return devUrl
  return new URL(`file://${join(__dirname, '../renderer/index.html').replace(/\\/g, '/')}`).href
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Portico',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: true,
    },
  })
  win.once('ready-to-show', () => win.show())
  // The desk is one page: no navigation away and no new windows. Links to the web open in the
  // system browser only when they are plain https links.
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  void win.loadURL(rendererUrl())
  return win
}
