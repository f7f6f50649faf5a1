import type { MenuItemConstructorOptions } from 'electron'

export interface MenuOptions {
  /** Packaged builds have no way to open the developer tools. */
  isPackaged: boolean
  platform: NodeJS.Platform
  onAbout: () => void
  onCheckForUpdates: () => void
}

/**
 * The application menu: app (macOS), Edit, View, Window and Help → About Portico and Check for
 * updates. Built from roles so the platform supplies the usual shortcuts.
 */
export function menuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin'
  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Check for Updates…', click: () => options.onCheckForUpdates() },
      ...(mac ? [] : [{ type: 'separator' } as const]),
      { label: 'About Portico', click: () => options.onAbout() },
    ],
  }
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.isPackaged ? [] : [{ role: 'toggleDevTools' } as const]),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  }
  return [
    ...(mac
      ? [
          {
            label: 'Portico',
            submenu: [
              { label: 'About Portico', click: () => options.onAbout() },
              { label: 'Check for Updates…', click: () => options.onCheckForUpdates() },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : [{ label: 'File', submenu: [{ role: 'quit' }] } satisfies MenuItemConstructorOptions]),
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
    help,
  ]
}

export interface Versions {
  portico: string
  electron: string
  chromium: string
  node: string
  /** The practice's database engine and its version, as the store reports it ("SQLite 3.51.2"). */
  database: string
}

/** The About box's text: versions only, nothing about the practice or its data. */
export function aboutText(versions: Versions): { message: string; detail: string } {
  return {
    message: `Portico ${versions.portico}`,
    detail: [
      `Electron ${versions.electron}`,
      `Chromium ${versions.chromium}`,
      `Node.js ${versions.node}`,
      versions.database,
    ].join('\n'),
  }
}
