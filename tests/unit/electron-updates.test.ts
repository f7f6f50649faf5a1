import { EventEmitter } from 'node:events'
import { describe, expect, test, vi } from 'vitest'
import { type AutoUpdaterLike, UPDATES_OFF_MESSAGE, createUpdateController } from '../../electron/main/updates/update-controller'
import { WriteGate } from '../../electron/main/write-gate'
import type { UpdateSettings } from '../../shared/update-settings'

/** electron-updater's autoUpdater at the seam: records what Portico asks of it. */
class FakeUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = true
  autoInstallOnAppQuit = true
  feeds: unknown[] = []
  checks = 0
  installs = 0
  available: string | null = '2.0.0'
  failCheck = false
  setFeedURL(options: unknown): void {
    this.feeds.push(options)
  }
  async checkForUpdates() {
    this.checks++
    if (this.failCheck) throw new Error('net::ERR_INTERNET_DISCONNECTED')
    if (!this.available) return { isUpdateAvailable: false, updateInfo: { version: '1.0.0' } }
    const version = this.available
    // With autoDownload on, electron-updater downloads by itself and reports progress.
    if (this.autoDownload) setImmediate(() => this.finishDownload(version))
    return { isUpdateAvailable: true, updateInfo: { version } }
  }
  async downloadUpdate() {
    if (this.available) this.finishDownload(this.available)
    return []
  }
  finishDownload(version: string) {
    this.emit('download-progress', { percent: 50 })
    this.emit('update-downloaded', { version })
  }
  quitAndInstall(): void {
    this.installs++
  }
}

const ON: UpdateSettings = { enabled: true, feed: { type: 'generic', url: 'https://updates.example.org/portico' } }
const OFF: UpdateSettings = { enabled: false, feed: null }

function setup(options: { settings?: UpdateSettings; restart?: boolean[]; backup?: () => Promise<{ name: string }> } = {}) {
  const updater = new FakeUpdater()
  let settings = options.settings ?? OFF
  const answers = [...(options.restart ?? [])]
  const events: string[] = []
  let inTransaction = false
  const writes = new WriteGate(() => inTransaction)
  const ui = {
    askToRestart: vi.fn(async (version: string) => {
      events.push(`ask ${version}`)
      return answers.shift() ?? false
    }),
    tell: vi.fn(async (kind: 'info' | 'error', message: string) => {
      events.push(`${kind}: ${message}`)
    }),
    progress: vi.fn((fraction: number) => {
      events.push(`progress ${fraction}`)
    }),
  }
  const backup = vi.fn(
    options.backup ??
      (async () => {
        events.push('backup')
        return { name: 'portico-backup.sqlite3' }
      }),
  )
  const resume = vi.fn(async () => {
    events.push('resume writers')
  })
  const log: string[] = []
  const controller = createUpdateController({
    updater,
    ui,
    runtime: {
      writes,
      backup,
      pauseOtherWriters: async () => {
        events.push('pause writers')
        return resume
      },
    },
    settings: async () => settings,
    clock: { sleep: () => new Promise((resolve) => setTimeout(resolve, 1)) },
    log: (line) => log.push(line),
  })
  const origQuit = updater.quitAndInstall.bind(updater)
  updater.quitAndInstall = () => {
    events.push('install')
    origQuit()
  }
  return {
    updater,
    ui,
    backup,
    resume,
    events,
    log,
    writes,
    controller,
    setSettings: (next: UpdateSettings) => (settings = next),
    setInTransaction: (value: boolean) => (inTransaction = value),
  }
}

/** Lets the fake updater's scheduled download and the dialogs run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

describe('updates are off by default', () => {
  test('off: start never contacts a feed, and never installs on quit', async () => {
    const t = setup()
    await t.controller.start()
    await settle()
    expect(t.updater.checks).toBe(0)
    expect(t.updater.feeds).toEqual([])
    expect(t.updater.autoDownload).toBe(false)
    expect(t.updater.autoInstallOnAppQuit).toBe(false)
  })

  test('off: Help → Check for Updates explains that updates are off and how to turn them on', async () => {
    const t = setup()
    await t.controller.checkByHand()
    expect(t.updater.checks).toBe(0)
    expect(t.ui.tell).toHaveBeenCalledWith('info', UPDATES_OFF_MESSAGE, expect.stringContaining('Settings → Updates'))
  })
})

describe('when an admin turns updates on', () => {
  test('start checks the configured feed, downloads with progress, and asks before restarting', async () => {
    const t = setup({ settings: ON, restart: [false] })
    await t.controller.start()
    await settle()
    expect(t.updater.feeds).toEqual([{ provider: 'generic', url: 'https://updates.example.org/portico' }])
    expect(t.updater.checks).toBe(1)
    expect(t.updater.autoDownload).toBe(true)
    expect(t.updater.autoInstallOnAppQuit).toBe(false)
    expect(t.events).toEqual(['progress 0.5', 'progress -1', 'ask 2.0.0'])
  })

  test('a GitHub feed is given as owner and repo', async () => {
    const t = setup({ settings: { enabled: true, feed: { type: 'github', owner: 'my-practice', repo: 'portico' } } })
    await t.controller.start()
    expect(t.updater.feeds).toEqual([{ provider: 'github', owner: 'my-practice', repo: 'portico' }])
  })

  test('"Later" does not install; asking again later offers the same update without downloading it twice', async () => {
    const t = setup({ settings: ON, restart: [false, true] })
    await t.controller.start()
    await settle()
    expect(t.updater.installs).toBe(0)
    expect(t.backup).not.toHaveBeenCalled()
    await t.controller.checkByHand()
    expect(t.updater.checks).toBe(1)
    expect(t.updater.installs).toBe(1)
  })

  test('"Restart now" takes a backup first, then installs', async () => {
    const t = setup({ settings: ON, restart: [true] })
    await t.controller.start()
    await settle()
    expect(t.events).toEqual(['progress 0.5', 'progress -1', 'ask 2.0.0', 'pause writers', 'backup', 'install'])
    expect(t.resume).not.toHaveBeenCalled()
  })

  test('turning updates on in Settings checks at once; saving again does not check again', async () => {
    const t = setup({ restart: [false] })
    await t.controller.start()
    t.setSettings(ON)
    await t.controller.settingsChanged()
    await settle()
    expect(t.updater.checks).toBe(1)
    await t.controller.settingsChanged()
    await settle()
    expect(t.updater.checks).toBe(1)
  })

  test('up to date, or offline: said only to the person who asked', async () => {
    const t = setup({ settings: ON })
    t.updater.available = null
    await t.controller.start()
    expect(t.ui.tell).not.toHaveBeenCalled()
    await t.controller.checkByHand()
    expect(t.ui.tell).toHaveBeenLastCalledWith('info', 'Portico is up to date.')
    t.updater.failCheck = true
    await t.controller.start()
    expect(t.ui.tell).toHaveBeenCalledTimes(1)
    await t.controller.checkByHand()
    expect(t.ui.tell).toHaveBeenLastCalledWith('error', 'Portico could not check for updates.', expect.any(String))
    // Logged by kind only: no feed address, no paths.
    expect(t.log.join('\n')).not.toMatch(/example\.org|ERR_INTERNET|\//)
  })
})

describe('installing never cuts a write short', () => {
  test('a call in flight defers the install until it ends; calls arriving meanwhile are refused once installing starts', async () => {
    const t = setup({ settings: ON })
    let finishWrite!: () => void
    const write = t.writes.run(
      () =>
        new Promise<void>((resolve) => {
          finishWrite = () => {
            t.events.push('write done')
            resolve()
          }
        }),
    )
    await t.controller.start()
    await settle()
    const installing = t.controller.install()
    await settle()
    expect(t.backup).not.toHaveBeenCalled()
    expect(t.updater.installs).toBe(0)
    const later = t.writes.run(async () => {
      t.events.push('later write')
    })
    finishWrite()
    await write
    expect(await installing).toBe(true)
    // The app is quitting to install: a change that arrived meanwhile never starts (it would be cut short).
    await expect(later).rejects.toThrow(/restarting to install an update/)
    await expect(t.writes.run(async () => 'too late')).rejects.toThrow(/restarting/)
    expect(t.events.slice(-4)).toEqual(['write done', 'pause writers', 'backup', 'install'])
    expect(t.events).not.toContain('later write')
  })

  test('the portal is paused only once calls in flight have ended, inside the gate', async () => {
    const t = setup({ settings: ON })
    let finishWrite!: () => void
    const write = t.writes.run(() => new Promise<void>((resolve) => (finishWrite = resolve)))
    const installing = t.controller.install()
    await settle()
    expect(t.events).not.toContain('pause writers')
    finishWrite()
    await write
    expect(await installing).toBe(true)
    expect(t.events.slice(-3)).toEqual(['pause writers', 'backup', 'install'])
  })

  test('an install that fails after it started (macOS finishes later) reopens the desk, restarts the portal and says so', async () => {
    const t = setup({ settings: ON })
    expect(await t.controller.install()).toBe(true)
    expect(t.writes.restarting).toBe(true)
    t.updater.emit('error', new Error('Squirrel could not verify the code signature at /Users/maria/x'))
    await settle()
    expect(t.writes.restarting).toBe(false)
    expect(t.resume).toHaveBeenCalledTimes(1)
    expect(t.ui.tell).toHaveBeenLastCalledWith('error', 'The update could not be installed.', expect.any(String))
    expect(t.log.join('\n')).not.toContain('maria')
    await expect(t.writes.run(async () => 'ok')).resolves.toBe('ok')
  })

  test('an install that throws at once is not left half-way', async () => {
    const t = setup({ settings: ON })
    t.updater.quitAndInstall = () => {
      throw new Error('no update downloaded')
    }
    expect(await t.controller.install()).toBe(false)
    expect(t.writes.restarting).toBe(false)
    expect(t.resume).toHaveBeenCalledTimes(1)
    expect(t.ui.tell).toHaveBeenLastCalledWith('error', 'The update could not be installed.', expect.any(String))
  })

  test('an open database transaction (the portal, say) also defers it', async () => {
    const t = setup({ settings: ON })
    t.setInTransaction(true)
    const installing = t.controller.install()
    await settle()
    expect(t.backup).not.toHaveBeenCalled()
    t.setInTransaction(false)
    expect(await installing).toBe(true)
    expect(t.backup).toHaveBeenCalledTimes(1)
  })

  test('a failed backup blocks the install, restarts the paused writers, and tells the user', async () => {
    const t = setup({
      settings: ON,
      restart: [true],
      backup: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write /home/maria/backups'), { code: 'ENOSPC' })
      },
    })
    await t.controller.start()
    await settle()
    expect(t.updater.installs).toBe(0)
    expect(t.resume).toHaveBeenCalledTimes(1)
    expect(t.ui.tell).toHaveBeenCalledWith('error', 'The update was not installed.', expect.stringContaining('backup'))
    expect(t.log.join('\n')).not.toContain('maria')
    // The desk carries on: calls go through again.
    await expect(t.writes.run(async () => 'ok')).resolves.toBe('ok')
  })
})
