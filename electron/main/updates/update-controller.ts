import type { UpdateFeed, UpdateSettings } from '../../../shared/update-settings'
import type { WriteGate } from '../write-gate'

/** The part of electron-updater's `autoUpdater` Portico uses (a fake stands in for it in tests). */
export interface AutoUpdaterLike {
  autoDownload: boolean
  autoInstallOnAppQuit: boolean
  setFeedURL(options: { provider: 'generic'; url: string } | { provider: 'github'; owner: string; repo: string }): void
  checkForUpdates(): Promise<{ isUpdateAvailable: boolean; updateInfo: { version: string } } | null>
  downloadUpdate(): Promise<unknown>
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void
  on(event: 'download-progress', listener: (progress: { percent: number }) => void): unknown
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown
  on(event: 'error', listener: (error: Error) => void): unknown
}

/** Messages to the person at the desk (Electron's dialog and the window's progress bar). */
export interface UpdateUi {
  /** Asks before restarting; resolves true for "Restart now". */
  askToRestart(version: string): Promise<boolean>
  /** A plain message box. */
  tell(kind: 'info' | 'error', message: string, detail?: string): Promise<void>
  /** 0–1 while downloading; -1 removes the bar. */
  progress(fraction: number): void
}

/** What the update needs from the desk's data layer. */
export interface UpdateRuntime {
  writes: WriteGate
  /** A backup into the default backup folder; throws when it could not be written and checked. */
  backup(): Promise<{ name: string }>
  /** Stops writers outside IPC (the portal server); the returned function starts them again. */
  pauseOtherWriters(): Promise<() => Promise<void>>
}

export interface UpdateControllerOptions {
  updater: AutoUpdaterLike
  ui: UpdateUi
  runtime: UpdateRuntime
  settings: () => Promise<UpdateSettings>
  clock: { sleep: (ms: number) => Promise<void> }
  /** Fixed wording only: never paths, URLs with credentials or anything about the practice. */
  log: (line: string) => void
}

export const UPDATES_OFF_MESSAGE = 'Updates are turned off.'
export const UPDATES_OFF_DETAIL = 'An admin can turn them on in Portico under Settings → Updates, with the address your IT support gives you. Practices without internet can install new versions by hand.'

const feedOptions = (feed: UpdateFeed) =>
  feed.type === 'generic' ? { provider: 'generic' as const, url: feed.url } : { provider: 'github' as const, owner: feed.owner, repo: feed.repo }

/**
 * Checks, downloads and installs updates, only when an admin has turned them on. Installing always
 * goes through one path: ask → pause other writers → wait until no write is in flight and hold new
 * ones → take a backup → install. A failed backup means no install.
 */
export function createUpdateController(options: UpdateControllerOptions) {
  const { updater, ui, runtime, log } = options
  // Installing on quit would skip the backup and the write gate.
  updater.autoInstallOnAppQuit = false
  updater.autoDownload = false
  let enabled = false
  let downloaded: string | null = null
  let asking = false

  updater.on('download-progress', ({ percent }) => ui.progress(Math.max(0, Math.min(1, percent / 100))))
  updater.on('update-downloaded', ({ version }) => {
    ui.progress(-1)
    downloaded = version
    log(`[updates] version ${version} downloaded`)
    void offerRestart()
  })
  updater.on('error', (error) => {
    ui.progress(-1)
    // A failed check also rejects checkForUpdates, which tells the person who asked.
    log(`[updates] failed: ${error.name}`)
    // The install itself failed after it started (on macOS it finishes asynchronously): carry on.
    if (runtime.writes.restarting) void installFailed()
  })

  /** What to undo when an install that had started does not go through. */
  let resumeWriters: (() => Promise<void>) | null = null
  async function installFailed(): Promise<void> {
    runtime.writes.reopen()
    const resume = resumeWriters
    resumeWriters = null
    if (resume) await resume()
    await ui.tell('error', 'The update could not be installed.', 'Portico carries on with the version it has. Your data is as it was, and a backup was taken. Use Help → Check for Updates… to try again later.')
  }

  async function configure(): Promise<UpdateSettings> {
    const settings = await options.settings()
    enabled = settings.enabled && settings.feed !== null
    updater.autoDownload = enabled
    if (enabled && settings.feed) updater.setFeedURL(feedOptions(settings.feed))
    return settings
  }

  async function check(byHand: boolean): Promise<void> {
    if (!enabled) {
      if (byHand) await ui.tell('info', UPDATES_OFF_MESSAGE, UPDATES_OFF_DETAIL)
      return
    }
    if (downloaded) return offerRestart()
    try {
      const result = await updater.checkForUpdates()
      if (!result?.isUpdateAvailable) {
        if (byHand) await ui.tell('info', 'Portico is up to date.')
        return
      }
      log(`[updates] version ${result.updateInfo.version} available`)
      if (!updater.autoDownload) await updater.downloadUpdate()
      else if (byHand) await ui.tell('info', `Portico ${result.updateInfo.version} is downloading.`, 'Portico will ask before restarting to install it.')
    } catch (error) {
      log(`[updates] check failed: ${error instanceof Error ? error.name : 'unknown'}`)
      if (byHand) await ui.tell('error', 'Portico could not check for updates.', 'Check this computer’s internet connection and the update address in Settings → Updates, then try again.')
    }
  }

  async function offerRestart(): Promise<void> {
    if (!downloaded || asking) return
    asking = true
    try {
      if (await ui.askToRestart(downloaded)) await install()
    } finally {
      asking = false
    }
  }

  /**
   * Backs up, then installs — never while a write is in flight. Once installing has started, no
   * call may start until the app quits (or the install reports an error and Portico carries on).
   */
  async function install(): Promise<boolean> {
    let resume: (() => Promise<void>) | null = null
    let installed = false
    let failure: 'backup' | 'start' = 'backup'
    try {
      installed = await runtime.writes.exclusive(
        async () => {
          // Paused inside the gate, so no desk call (a portal setting, a restore) restarts it.
          resume = await runtime.pauseOtherWriters()
          // The portal's last transaction, if it had one open.
          while (runtime.writes.busy) await options.clock.sleep(100)
          try {
            const backup = await runtime.backup()
            log(`[updates] backup ${backup.name} taken before installing`)
          } catch (error) {
            log(`[updates] backup before installing failed: ${error instanceof Error ? error.name : 'unknown'}`)
            return false
          }
          runtime.writes.closeForRestart()
          resumeWriters = resume
          try {
            updater.quitAndInstall(false, true)
          } catch (error) {
            log(`[updates] install failed to start: ${error instanceof Error ? error.name : 'unknown'}`)
            runtime.writes.reopen()
            resumeWriters = null
            failure = 'start'
            return false
          }
          return true
        },
        { everyMs: 100, sleep: options.clock.sleep },
      )
    } finally {
      const undo = resume as (() => Promise<void>) | null
      if (!installed && undo) await undo()
    }
    if (!installed && failure === 'backup') {
      await ui.tell('error', 'The update was not installed.', 'Portico could not take a backup first, so it did not install the update. Check that the backup folder beside the database has space, then use Help → Check for Updates… to try again.')
    } else if (!installed) {
      await ui.tell('error', 'The update could not be installed.', 'Portico carries on with the version it has, and your data is as it was. Use Help → Check for Updates… to try again later.')
    }
    return installed
  }

  return {
    /** At start: checks once if updates are on; does nothing (and contacts nobody) if they are off. */
    async start(): Promise<void> {
      await configure()
      await check(false)
    },
    /** Help → Check for Updates…: says when updates are off, and how to turn them on. */
    async checkByHand(): Promise<void> {
      await configure()
      await check(true)
    },
    /** After an admin saves Settings → Updates. Turning updates on checks at once. */
    async settingsChanged(): Promise<void> {
      const wasEnabled = enabled
      await configure()
      // The admin's Save answers at once; the check runs on its own and catches its own errors.
      if (enabled && !wasEnabled) void check(false)
    },
    install,
  }
}

export type UpdateController = ReturnType<typeof createUpdateController>
