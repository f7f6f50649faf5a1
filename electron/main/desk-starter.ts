import { databaseFault } from '../../db/dialect/faults'
import { describeTarget, parseDatabaseTarget } from '../../db/dialect/target'
import type { DatabaseStatus } from '../../shared/dto'
import { type CallAnswerer, DATABASE_UNREACHABLE, type ErrorLogger, type HandlerMap, UNTRUSTED_SENDER, answerWith } from './dispatcher'
import type { DeskRuntime } from './runtime'

/** How long a desk waiting for its server pauses between tries by itself. */
export const START_RETRY_MS = 3000

export interface DeskStarterOptions {
  /** The practice's database (a file's path or a postgres:// URL), named in the waiting message by host:port/database only. */
  dbPath: string
  /** One try at starting: `createDeskRuntime`, and whatever the host does before it serves calls. */
  start: () => Promise<DeskRuntime>
  handlers: HandlerMap
  /** Pause between tries while waiting, in ms. */
  retryMs?: number
  log?: ErrorLogger
}

/** The desk as the host serves it: started, or still waiting for its server to answer. */
export interface DeskStarter {
  /** The one entry for every call (see `dispatch`); while waiting, only `getDatabaseStatus` gets an answer of its own. */
  call: CallAnswerer
  /** The runtime once started; null while waiting for the server. */
  readonly runtime: DeskRuntime | null
  /**
   * Settles once: with the runtime when it has started (at once when the server answered the first
   * time), or with the error of a later try that failed for any reason but an unreachable server
   * (a wrong password, a database from a newer Portico), which the host reports as it would at start.
   */
  readonly ready: Promise<DeskRuntime>
  /** Stops trying, and closes the runtime if it started. */
  dispose: () => Promise<void>
}

/**
 * Starts the desk, or, when only the practice's server can't be reached, lets the window open
 * anyway and keeps trying (every few seconds, and whenever the desk asks for the database's status:
 * its Retry button) until the server answers, then finishes starting: migrations, the audit
 * trail's check, the portal. While it waits, no handler runs against the missing database: every
 * call but the public status is answered STORAGE_UNREACHABLE. Any other failure at the first try
 * is thrown, as `createDeskRuntime` throws it.
 */
export async function startDesk(options: DeskStarterOptions): Promise<DeskStarter> {
  const log = options.log ?? ((line: string) => console.error(line))
  const retryMs = options.retryMs ?? START_RETRY_MS
  // Never the URL: it carries the server's password.
  const location = describeTarget(parseDatabaseTarget(options.dbPath))
  let runtime: DeskRuntime | null = null
  let answer: CallAnswerer | null = null
  let settle!: { started: (runtime: DeskRuntime) => void; failed: (error: unknown) => void }
  const ready = new Promise<DeskRuntime>((started, failed) => (settle = { started, failed }))
  // The host listens too; this only keeps a host that doesn't from an unhandled rejection.
  ready.catch(() => undefined)

  /** One try: true once started, false while the server can't be reached; anything else is thrown. */
  const tryToStart = async (): Promise<boolean> => {
    try {
      runtime = await options.start()
    } catch (error) {
      if (databaseFault(error) === 'unreachable') return false
      throw error
    }
    answer = answerWith(options.handlers, runtime.ctx, runtime.writes, log)
    settle.started(runtime)
    return true
  }

  let trying: Promise<boolean> | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  let failed = false
  const tryNow = (): Promise<boolean> => {
    if (runtime) return Promise.resolve(true)
    if (stopped || failed) return Promise.resolve(false)
    trying ??= (async () => {
      clearTimeout(timer)
      try {
        if (await tryToStart()) {
          log('[desk] the practice database answers; the desk has started')
          return true
        }
        if (!stopped) timer = setTimeout(() => void tryNow(), retryMs)
        return false
      } catch (error) {
        failed = true
        settle.failed(error)
        return false
      } finally {
        trying = null
      }
    })()
    return trying
  }

  if (!(await tryToStart())) {
    // Nothing of the error is logged: a driver's message may quote the user name, and the fault says enough.
    log(`[desk] can’t reach the practice database at ${location}; trying again every ${retryMs / 1000} s`)
    timer = setTimeout(() => void tryNow(), retryMs)
  }

  const waitingAnswer: CallAnswerer = async (channel, input, origin) => {
    if (!origin.trusted) return { ok: false, error: UNTRUSTED_SENDER }
    if (channel !== 'getDatabaseStatus') return { ok: false, error: DATABASE_UNREACHABLE }
    // The desk asks while it shows the message, and at once at Retry: each time is a try of our own.
    if ((await tryNow()) && answer) return answer(channel, input, origin)
    const status: DatabaseStatus = { reachable: false, location }
    return { ok: true, value: status }
  }

  return {
    call: (channel, input, origin) => (answer ?? waitingAnswer)(channel, input, origin),
    get runtime() {
      return runtime
    },
    ready,
    dispose: async () => {
      stopped = true
      clearTimeout(timer)
      await trying
      await runtime?.dispose()
    },
  }
}
