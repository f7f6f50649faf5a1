import { type PracticeDatabaseChange, type PracticeDatabaseStatus, PracticeServerInput, type ServerCheckResult, type ServerTls } from '../../../shared/practice-database'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError, outcomeFromIssues } from './form-outcome'

/** Settings → Practice database as typed: everything stays text until checked, so nothing typed is lost. */
export interface PracticeServerValues {
  host: string
  port: string
  database: string
  user: string
  /** Empty: the password this computer already keeps for the same server (never shown). */
  password: string
  tls: ServerTls
  caFile: string
}

export interface PracticeDatabaseSlice {
  practiceDatabase: PracticeDatabaseStatus | null
  practiceDatabaseLoadError: string | null
  /** What the last change of database did (and, after a move, the counts), until another starts. */
  practiceDatabaseChange: PracticeDatabaseChange | null
  /** Test connection, Use this server, Move or back to built-in is on its way to main. */
  practiceDatabaseBusy: 'check' | 'join' | 'move' | 'built-in' | null
  loadPracticeDatabase: () => Promise<void>
  /** Test connection: what the server holds, or what is wrong beside the field it concerns. */
  checkPracticeServer: (values: PracticeServerValues, purpose: 'join' | 'move') => Promise<{ outcome: FormOutcome; result: ServerCheckResult | null }>
  /** Use this server; `auditKey` is the text of the practice's key file, when one was chosen. */
  joinPracticeServer: (values: PracticeServerValues, auditKey: string | undefined) => Promise<FormOutcome>
  movePracticeToServer: (values: PracticeServerValues) => Promise<FormOutcome>
  useBuiltInDatabase: () => Promise<FormOutcome>
}

const FIELDS = ['host', 'port', 'database', 'user', 'password', 'tls', 'caFile', 'auditKey']
/** How often a move's progress is asked for while it runs. */
const PROGRESS_MS = 1000

/** The values as main takes them, or the messages to show beside the fields (the same rules main applies). */
function parseServer(values: PracticeServerValues): { server: PracticeServerInput } | { outcome: FormOutcome } {
  const parsed = PracticeServerInput.safeParse({
    host: values.host,
    port: values.port.trim() === '' ? Number.NaN : Number(values.port.trim()),
    database: values.database,
    user: values.user,
    ...(values.password === '' ? {} : { password: values.password }),
    tls: values.tls,
    ...(values.tls === 'verify' ? { caFile: values.caFile } : {}),
  })
  if (parsed.success) return { server: parsed.data }
  const issues = parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.'), message: issue.message }))
  return { outcome: outcomeFromIssues(issues, FIELDS, 'Some details need attention.') }
}

export const createPracticeDatabaseSlice: DeskSlice<PracticeDatabaseSlice> = (deps) => (set, get) => {
  // A load sent before the desk changed database must not put the old answer back.
  let generation = 0

  /** After the desk changed database: what it shows comes from the new one, or from signing in there. */
  const changed = async (change: PracticeDatabaseChange) => {
    generation += 1
    set({ practiceDatabase: change.database, practiceDatabaseChange: change })
    if (change.signedOut) {
      // Main signed the desk out (the new database has its own staff): the sign-in screen says why.
      set({ signInNotice: change.message })
      await get().loadSession()
      return
    }
    await Promise.all([get().loadSession(), get().loadClients(), get().loadStaff(), get().loadDeskSettings(), get().loadPortalServer()])
  }

  /** Runs one change at a time; the form keeps what was typed whatever happens. */
  const run = async (busy: 'join' | 'move' | 'built-in', work: () => Promise<PracticeDatabaseChange>): Promise<FormOutcome> => {
    if (get().practiceDatabaseBusy) return OK
    set({ practiceDatabaseBusy: busy, practiceDatabaseChange: null })
    try {
      await changed(await work())
      return OK
    } catch (error) {
      return outcomeFromError(error, FIELDS)
    } finally {
      set({ practiceDatabaseBusy: null })
    }
  }

  return {
    practiceDatabase: null,
    practiceDatabaseLoadError: null,
    practiceDatabaseChange: null,
    practiceDatabaseBusy: null,

    loadPracticeDatabase: async () => {
      const asked = generation
      set({ practiceDatabaseLoadError: null })
      try {
        const status = await deps.call('getPracticeDatabase', {})
        if (asked === generation) set({ practiceDatabase: status })
      } catch (error) {
        if (asked === generation) set({ practiceDatabaseLoadError: errorMessage(error) })
      }
    },

    checkPracticeServer: async (values, purpose) => {
      const parsed = parseServer(values)
      if ('outcome' in parsed) return { outcome: parsed.outcome, result: null }
      if (get().practiceDatabaseBusy) return { outcome: OK, result: null }
      set({ practiceDatabaseBusy: 'check', practiceDatabaseChange: null })
      try {
        const result = await deps.call('checkPracticeServer', { server: parsed.server, purpose })
        if (result.ok || !result.field) return { outcome: OK, result }
        return { outcome: { ok: false, fieldErrors: { [result.field]: result.message }, message: null }, result }
      } catch (error) {
        return { outcome: outcomeFromError(error, FIELDS), result: null }
      } finally {
        set({ practiceDatabaseBusy: null })
      }
    },

    joinPracticeServer: async (values, auditKey) => {
      const parsed = parseServer(values)
      if ('outcome' in parsed) return parsed.outcome
      return run('join', () => deps.call('joinPracticeServer', { server: parsed.server, ...(auditKey === undefined ? {} : { auditKey }) }))
    },

    movePracticeToServer: async (values) => {
      const parsed = parseServer(values)
      if ('outcome' in parsed) return parsed.outcome
      // Main says how far the copy is; asked every second while it runs.
      let polling = true
      const tick = () => {
        void get()
          .loadPracticeDatabase()
          .finally(() => {
            if (polling) handle = deps.clock.setTimeout(tick, PROGRESS_MS)
          })
      }
      let handle = deps.clock.setTimeout(tick, PROGRESS_MS)
      try {
        return await run('move', () => deps.call('movePracticeToServer', { server: parsed.server }))
      } finally {
        polling = false
        deps.clock.clearTimeout(handle)
      }
    },

    useBuiltInDatabase: () => run('built-in', () => deps.call('useBuiltInDatabase', {})),
  }
}
