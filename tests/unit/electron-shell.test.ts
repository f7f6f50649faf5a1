import type { IpcMainInvokeEvent, MenuItemConstructorOptions, WebContents } from 'electron'
import { describe, expect, test, vi } from 'vitest'
import { aboutText, menuTemplate } from '../../electron/main/app-menu'
import { isTrustedSender, pageOrigin } from '../../electron/main/ipc'

// The Electron binary is not needed: only the seam is faked.
const electron = vi.hoisted(() => ({
  requestHandler: undefined as undefined | ((wc: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void),
  checkHandler: undefined as undefined | ((...args: unknown[]) => boolean),
}))
vi.mock('electron', () => ({
  app: { isPackaged: false },
  BrowserWindow: class {},
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  shell: { openExternal: vi.fn() },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: vi.fn() },
      setPermissionRequestHandler: (handler: typeof electron.requestHandler) => (electron.requestHandler = handler),
      setPermissionCheckHandler: (handler: typeof electron.checkHandler) => (electron.checkHandler = handler),
    },
  },
}))
const { bringForward, hardenSession, registerAppScheme, rendererOrigin, rendererUrl } = await import('../../electron/main/window')
const { protocol } = await import('electron')

function fakeEvent(sender: object, url: string): IpcMainInvokeEvent {
  const mainFrame = { url }
  Object.assign(sender, { mainFrame })
  return { sender, senderFrame: mainFrame } as unknown as IpcMainInvokeEvent
}

describe('who may call main', () => {
  const appWindow = {} as WebContents
  test.each([
    ['the app page', 'app://portico/index.html', true],
    ['the app page with a query and fragment', 'app://portico/index.html?x=1#clients', true],
    ['another app:// host', 'app://portico.evil/index.html', false],
    ['an app:// URL with credentials', 'app://user@portico/index.html', false],
    ['the old file:// page', 'file:///opt/Portico/resources/app.asar/out/renderer/index.html', false],
    ['a web page', 'https://portico/index.html', false],
    ['about:blank', 'about:blank', false],
    ['a data: page', 'data:text/html,hi', false],
  ])('%s → %s', (_what, url, trusted) => {
    expect(isTrustedSender(fakeEvent(appWindow, url), appWindow, 'app://portico')).toBe(trusted)
  })

  test('in development, the dev server origin and nothing else', () => {
    expect(isTrustedSender(fakeEvent(appWindow, 'http://localhost:5173/'), appWindow, 'http://localhost:5173')).toBe(true)
    expect(isTrustedSender(fakeEvent(appWindow, 'http://localhost:5174/'), appWindow, 'http://localhost:5173')).toBe(false)
    expect(pageOrigin('not a url')).toBeNull()
  })

  test('the renderer loads from app://portico, or the dev server when electron-vite gives one', () => {
    const saved = process.env['ELECTRON_RENDERER_URL']
    try {
      delete process.env['ELECTRON_RENDERER_URL']
      expect(rendererUrl()).toBe('app://portico/index.html')
      expect(rendererOrigin()).toBe('app://portico')
      process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/'
      expect(rendererUrl()).toBe('http://localhost:5173/')
      expect(rendererOrigin()).toBe('http://localhost:5173')
    } finally {
      if (saved === undefined) delete process.env['ELECTRON_RENDERER_URL']
      else process.env['ELECTRON_RENDERER_URL'] = saved
    }
  })
})

describe('the session and the scheme', () => {
  test('app:// is standard and secure with fetch, and nothing more', () => {
    registerAppScheme()
    expect(vi.mocked(protocol.registerSchemesAsPrivileged)).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ])
  })

  test('every permission request and check is denied, but writing to the clipboard from the desk itself', () => {
    hardenSession()
    const page = { getURL: () => 'app://portico/index.html' }
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      electron.requestHandler?.(page, permission, callback, { requestingUrl: 'app://portico/index.html' })
      expect(callback).toHaveBeenCalledWith(false)
      expect(electron.checkHandler?.(page, permission, 'app://portico', {})).toBe(false)
    }
    // Copy username: Chromium asks for clipboard-sanitized-write before navigator.clipboard.writeText.
    const granted = vi.fn()
    electron.requestHandler?.(page, 'clipboard-sanitized-write', granted, { requestingUrl: 'app://portico/index.html' })
    expect(granted).toHaveBeenCalledWith(true)
    expect(electron.checkHandler?.(page, 'clipboard-sanitized-write', 'app://portico', {})).toBe(true)
    // …but not for any other page, nor a look-alike origin.
    for (const url of ['https://example.com/', 'app://portico.evil/', 'file:///tmp/x.html']) {
      const refused = vi.fn()
      electron.requestHandler?.({ getURL: () => url }, 'clipboard-sanitized-write', refused, { requestingUrl: url })
      expect(refused).toHaveBeenCalledWith(false)
      expect(electron.checkHandler?.({}, 'clipboard-sanitized-write', url, {})).toBe(false)
    }
  })
})

describe('a second launch brings the first window forward', () => {
  const windowLike = (state: { minimized?: boolean; visible?: boolean; destroyed?: boolean }) => {
    const calls: string[] = []
    return {
      calls,
      win: {
        isDestroyed: () => state.destroyed ?? false,
        isMinimized: () => state.minimized ?? false,
        isVisible: () => state.visible ?? true,
        restore: () => calls.push('restore'),
        show: () => calls.push('show'),
        focus: () => calls.push('focus'),
      },
    }
  }
  test('a minimised or hidden window is restored, shown and focused', () => {
    const minimised = windowLike({ minimized: true, visible: false })
    expect(bringForward(minimised.win)).toBe(true)
    expect(minimised.calls).toEqual(['restore', 'show', 'focus'])
    const open = windowLike({})
    expect(bringForward(open.win)).toBe(true)
    expect(open.calls).toEqual(['focus'])
  })
  test('no window yet (still starting) or a closed one: nothing to focus, and no crash', () => {
    expect(bringForward(null)).toBe(false)
    const closed = windowLike({ destroyed: true })
    expect(bringForward(closed.win)).toBe(false)
    expect(closed.calls).toEqual([])
  })
})

describe('the application menu', () => {
  const labels = (items: MenuItemConstructorOptions[]): string[] =>
    items.flatMap((item) => [item.label ?? item.role ?? item.type ?? '', ...(Array.isArray(item.submenu) ? labels(item.submenu) : [])])
  const build = (isPackaged: boolean, platform: NodeJS.Platform) => {
    const onAbout = vi.fn()
    const onCheckForUpdates = vi.fn()
    return { template: menuTemplate({ isPackaged, platform, onAbout, onCheckForUpdates }), onAbout, onCheckForUpdates }
  }

  test('packaged builds have no developer tools; development builds do', () => {
    expect(labels(build(true, 'win32').template)).not.toContain('toggleDevTools')
    expect(labels(build(true, 'darwin').template)).not.toContain('toggleDevTools')
    expect(labels(build(false, 'linux').template)).toContain('toggleDevTools')
  })

  test('edit, view and window menus, and Help → About Portico and Check for Updates', () => {
    const { template, onAbout, onCheckForUpdates } = build(true, 'win32')
    expect(template.map((m) => m.label ?? m.role)).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help'])
    const help = template.at(-1)!.submenu as MenuItemConstructorOptions[]
    const click = (label: string) => (help.find((i) => i.label === label)!.click as () => void)()
    click('About Portico')
    click('Check for Updates…')
    expect(onAbout).toHaveBeenCalledTimes(1)
    expect(onCheckForUpdates).toHaveBeenCalledTimes(1)
    expect(labels(build(true, 'darwin').template)[0]).toBe('Portico')
  })

  test('the About box names every version', () => {
    const { message, detail } = aboutText({ portico: '0.1.0', electron: '45.5.0', chromium: '142.0.1', node: '22.20.0', database: 'SQLite 3.50.4' })
    expect(message).toBe('Portico 0.1.0')
    expect(detail).toBe('Electron 45.5.0\nChromium 142.0.1\nNode.js 22.20.0\nSQLite 3.50.4')
  })
})
