import type { Result } from '../../shared/errors'

/** A call refused because Portico is restarting to install an update. */
export class RestartingError extends Error {
  constructor() {
    super('Portico is restarting to install an update. This change was not saved; make it again once Portico has restarted.')
    this.name = 'RestartingError'
  }
}

/**
 * Knows whether the desk is in the middle of a change, and lets one step (installing an update)
 * run only when nothing else is. Every IPC call and the daily backup pass through `run`; the
 * exclusive step waits for those to finish and holds new ones back until it is done.
 */
export class WriteGate {
  #inFlight = 0
  #exclusive: Promise<void> | null = null
  #idleWaiters: (() => void)[] = []
  #restarting = false

  /** Extra evidence of a write, such as an open SQLite transaction (the portal's, say). */
  constructor(private readonly alsoBusy: () => boolean = () => false) {}

  /** True while a call is running or the database has a transaction open. */
  get busy(): boolean {
    return this.#inFlight > 0 || this.alsoBusy()
  }

  /** Runs `work` as one (possible) write. It waits while an exclusive step holds the gate. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    while (this.#exclusive) await this.#exclusive
    if (this.#restarting) throw new RestartingError()
    this.#inFlight++
    try {
      return await work()
    } finally {
      this.#inFlight--
      if (this.#inFlight === 0) this.#wakeIdle()
    }
  }

  /**
   * Waits until nothing is writing, then runs `step` with the gate held: calls that arrive
   * meanwhile wait until it ends. `poll` re-checks `alsoBusy`, which has no event of its own.
   */
  async exclusive<T>(step: () => Promise<T>, poll: { everyMs: number; sleep: (ms: number) => Promise<void> }): Promise<T> {
    while (this.#exclusive) await this.#exclusive
    let release!: () => void
    this.#exclusive = new Promise<void>((resolve) => (release = resolve))
    try {
      while (this.busy) {
        if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve))
        else await poll.sleep(poll.everyMs)
      }
      return await step()
    } finally {
      this.#exclusive = null
      release()
    }
  }

  /**
   * From the moment an update starts installing until the app quits (which can take a while on
   * macOS), no call may start: each is refused with RestartingError. `reopen` if the install fails.
   */
  closeForRestart(): void {
    this.#restarting = true
  }

  get restarting(): boolean {
    return this.#restarting
  }

  reopen(): void {
    this.#restarting = false
  }

  #wakeIdle(): void {
    const waiters = this.#idleWaiters
    this.#idleWaiters = []
    for (const wake of waiters) wake()
  }
}

/** Runs one call through `gate`: while Portico restarts to install an update it is answered busy and never runs. */
export async function callThroughGate(gate: WriteGate, call: () => Promise<Result<unknown>>): Promise<Result<unknown>> {
  try {
    return await gate.run(call)
  } catch (error) {
    if (error instanceof RestartingError) return { ok: false, error: { code: 'STORAGE_BUSY', message: error.message } }
    throw error
  }
}
