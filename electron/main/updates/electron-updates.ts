import { type BrowserWindow, dialog } from 'electron'
import { autoUpdater } from 'electron-updater'
import type { DeskRuntime } from '../runtime'
import { type UpdateController, createUpdateController } from './update-controller'
import { readUpdateSettings } from './update-settings.store'

/**
 * The update controller on Electron: electron-updater's autoUpdater, message boxes on the desk
 * window and its task-bar progress. Call after the app is ready.
 */
export function createElectronUpdates(runtime: DeskRuntime, window: () => BrowserWindow | null, log: (line: string) => void): UpdateController {
  // electron-updater would otherwise log feed URLs and file paths (which hold the user's name).
  autoUpdater.logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined }
  const box = async (options: Electron.MessageBoxOptions) => {
    const win = window()
    return win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options)
  }
  return createUpdateController({
    updater: autoUpdater,
    runtime: {
      writes: runtime.writes,
      backup: runtime.backupToDefaultFolder,
      pauseOtherWriters: async () => {
        await runtime.ctx.portalServer.stop()
        return () => runtime.ctx.portalServer.resume()
      },
    },
    settings: () => readUpdateSettings(runtime.ctx.db),
    clock: { sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) },
    log,
    ui: {
      askToRestart: async (version) => {
        const { response } = await box({
          type: 'info',
          title: 'Update ready',
          message: `Portico ${version} is ready to install.`,
          detail: 'Portico will finish any change in progress, take a backup, then restart to install it.',
          buttons: ['Restart now', 'Later'],
          defaultId: 0,
          cancelId: 1,
        })
        return response === 0
      },
      tell: async (kind, message, detail) => {
        await box({ type: kind, title: 'Portico updates', message, ...(detail ? { detail } : {}), buttons: ['OK'] })
      },
      progress: (fraction) => {
        const win = window()
        if (win && !win.isDestroyed()) win.setProgressBar(fraction)
      },
    },
  })
}
