/** How long quitting waits for the portal and the database to close before it leaves anyway. */
export const SHUTDOWN_LIMIT_MS = 5_000

/** The part of Electron's `app` a clean shutdown needs (faked in tests). */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault: () => void }) => void): unknown
  exit(code?: number): void
}

export interface ShutdownSteps {
  /** Stops serving clients first, so none is mid-request when the database goes. */
  stopPortal: () => Promise<void>
  /** Closes the runtime and its database (the audit chain's head recorded, the WAL checkpointed). */
  closeDatabase: () => Promise<void>
  limitMs?: number
  log?: (line: string) => void
}

/**
 * Holds every quit until the portal has stopped and the database has closed, in that order, then
 * exits. Electron would otherwise end the process while `dispose()` was still running: the
 * database never closed and its WAL never checkpointed. A step that hangs (a server that stopped
 * answering) can't keep the app open: after `limitMs` it exits anyway, and the next start
 * recovers what was left. A second quit while closing only waits for the first.
 *
 * `app.exit()` emits no further will-quit, so there is no loop back into this handler.
 */
export function closeOnQuit(app: QuittingApp, steps: ShutdownSteps): { closing: () => Promise<void> | null } {
  const limitMs = steps.limitMs ?? SHUTDOWN_LIMIT_MS
  const log = steps.log ?? ((line: string) => console.error(line))
  let closing: Promise<void> | null = null

  const close = async (): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const limit = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)))
    const inOrder = (async () => {
      await steps.stopPortal().catch(() => log('[quit] the client portal did not stop cleanly'))
      await steps.closeDatabase().catch(() => log('[quit] the database did not close cleanly; it is checked at the next start'))
      return 'closed' as const
    })()
    const outcome = await Promise.race([inOrder, limit])
    clearTimeout(timer)
    if (outcome === 'late') log(`[quit] closing took longer than ${limitMs / 1000} s; Portico quits anyway and checks the database at the next start`)
    app.exit(0)
  }

  app.on('will-quit', (event) => {
    event.preventDefault()
    closing ??= close()
  })
  return { closing: () => closing }
}
