import type { Kysely } from 'kysely'
import type { DatabaseStore } from '../../../db/dialect/store'
import { integrityCheckFile } from '../../../db/file-integrity'
import { appendAudit } from '../../../db/repositories/audit.repository'
import type { Database } from '../../../db/schema'
import type { DamageNotices, FileCheckFinding } from './damage-notices'

/** The desk checks its practice's file once it has gone this long without a write. */
export const FILE_CHECK_IDLE_MS = 10 * 60_000
/** How often the desk looks whether that moment has come. */
export const FILE_CHECK_POLL_MS = 60_000

export interface FileChecksOptions {
  /** The database open now (a restore or a switch replaces it). */
  current: () => { db: Kysely<Database>; store: DatabaseStore }
  notices: DamageNotices
  /** When the practice's file was last written (ms), or null when this desk has no file (a server). */
  lastWrite: () => number | null
  /** Electron-ABI better-sqlite3 when run from source, for a backup's check. */
  nativeBinding?: string
  idleMs?: number
  clock?: () => number
  now: () => Date
  workstation: string
  log: (line: string) => void
}

/**
 * SQLite's full `integrity_check` of the practice's file, run where it costs the desk nothing: in a
 * worker (see `integrityCheckFile`) once the file has had no write for a while, and after every
 * backup (the backup just written, then the practice's file). What it finds is kept for admins
 * (`DamageNotices`), logged without row contents, and recorded in the audit trail when the
 * database takes writes. One check runs at a time.
 */
export class FileChecks {
  #queue: Promise<unknown> = Promise.resolve()
  #checkedAtWrite: number | null = null
  #busy = false
  /** The latest result of each kind, sound or not: what the desk knows of its file and its last backup. */
  readonly latest: { practice: FileCheckFinding | null; backup: FileCheckFinding | null } = { practice: null, backup: null }

  constructor(private readonly options: FileChecksOptions) {}

  /** The timer's call: checks the practice's file if it has been idle long enough since its last check. */
  tick(): void {
    const written = this.options.lastWrite()
    if (written === null || this.#busy || this.#checkedAtWrite === written) return
    const clock = this.options.clock ?? Date.now
    if (clock() - written < (this.options.idleMs ?? FILE_CHECK_IDLE_MS)) return
    this.#checkedAtWrite = written
    void this.checkPractice()
  }

  /** Checks the practice's file now (after whatever check is running). Null where there is no file. */
  checkPractice(): Promise<FileCheckFinding | null> {
    return this.#enqueue(async () => {
      const { store } = this.options.current()
      const problems = await store.integrityCheck()
      return problems === null ? null : this.#record({ subject: 'practice', name: store.location, problems, at: this.options.now().toISOString() })
    })
  }

  /** A backup was just written at `path`: checks it, then the practice's file it came from. */
  async afterBackup(path: string, name: string): Promise<FileCheckFinding | null> {
    const backup = await this.#enqueue(async () => {
      const problems = await integrityCheckFile(path, this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {})
      return this.#record({ subject: 'backup', name, problems, at: this.options.now().toISOString() })
    })
    await this.checkPractice()
    return backup
  }

  /** Resolves once every check asked for so far has finished (for shutdown and tests). */
  async settled(): Promise<void> {
    let seen: Promise<unknown> | undefined
    while (seen !== this.#queue) {
      seen = this.#queue
      await seen.catch(() => undefined)
    }
  }

  #enqueue<T>(check: () => Promise<T>): Promise<T | null> {
    const run = this.#queue.then(async () => {
      this.#busy = true
      try {
        return await check()
      } catch (error) {
        // The check itself could not run (the file is locked or gone): nothing is known, nothing is said.
        this.options.log(`[file-check] SQLite's check could not run: ${error instanceof Error ? error.name : 'error'}`)
        return null
      } finally {
        this.#busy = false
      }
    })
    this.#queue = run.catch(() => undefined)
    return run
  }

  async #record(finding: FileCheckFinding): Promise<FileCheckFinding> {
    this.latest[finding.subject] = finding
    this.options.notices.noteFileCheck(finding)
    if (finding.problems.length === 0) return finding
    this.options.log(`[file-check] the ${finding.subject === 'practice' ? 'practice file' : 'backup'} failed SQLite's check (${String(finding.problems.length)} finding(s))`)
    const { db } = this.options.current()
    // The database may refuse writes (its audit guards, a read-only disk): the notice still stands.
    await appendAudit(db, {
      actor: { type: 'system', name: 'file-check', workstation: this.options.workstation },
      at: finding.at,
      action: 'database.check',
      clientId: null,
      outcome: 'failure',
      detail: { subject: finding.subject, ...(finding.subject === 'backup' ? { name: finding.name } : {}), problems: finding.problems },
    }).catch(() => this.options.log('[file-check] the failed check could not be recorded in the audit trail'))
    return finding
  }
}
