import type { Kysely } from 'kysely'
import { databaseFault } from '../../../db/dialect/faults'
import { type AuditEntry, appendAudit, appendReadAudit } from '../../../db/repositories/audit.repository'
import type { Database } from '../../../db/schema'
import { AppError } from '../app-error'
import type { PendingAudit, PendingAuditsFile } from './pending-audits-file'

/** At most this many events wait; past it a read is refused rather than its event dropped. */
export const PENDING_AUDITS_LIMIT = 10_000
/** How often waiting events are tried again while there are any. */
export const PENDING_AUDITS_RETRY_MS = 3_000
/** Events written per transaction when catching up. */
const BATCH = 200

/** The faults that stop a write but not a read: the event can wait for the database to take it. */
const WAITABLE = new Set(['busy', 'unreachable', 'full', 'readonly', 'io'])
const isWaitable = (error: unknown) => WAITABLE.has(databaseFault(error) ?? '')

export interface PendingAuditsOptions {
  /** The practice database the desk uses now, and its identity (a path or a server's address, no password). */
  current: () => { db: Kysely<Database>; database: string }
  /** Where waiting events are kept between runs; none in tests that don't close a desk. */
  file?: PendingAuditsFile | null
  limit?: number
  retryMs?: number
  log?: (line: string) => void
}

/**
 * The audit events of reads (a profile opened, the audit exported) that the database could not take
 * when they happened: the disk full, the file locked by another program, the server out of reach.
 * The read still shows its data; its event waits here, in order, with its own time and actor, and
 * is appended (marked `delayed`) as soon as a write works again. Nothing is dropped: events are
 * kept in this desk's folder too, and a full queue refuses the read instead. Engine-neutral: it
 * acts on `databaseFault`, never on an engine's code.
 */
export class PendingAudits {
  readonly #waiting: PendingAudit[] = []
  readonly #limit: number
  readonly #log: (line: string) => void
  #flushing: Promise<void> | null = null
  #again = false
  #fileFailed = false
  #told: string | null = null
  #timer: ReturnType<typeof setInterval>

  constructor(private readonly options: PendingAuditsOptions) {
    this.#limit = options.limit ?? PENDING_AUDITS_LIMIT
    this.#log = options.log ?? ((line) => console.error(line))
    this.#timer = setInterval(() => this.nudge(), options.retryMs ?? PENDING_AUDITS_RETRY_MS)
    this.#timer.unref()
  }

  /** How many events are waiting to be written. */
  get size(): number {
    return this.#waiting.length
  }

  get limit(): number {
    return this.#limit
  }

  /**
   * Records a read's event now, or, when the database can't take writes (or events are already
   * waiting, which must go first), queues it. `durable: false` lets the commit skip the disk flush
   * (see appendReadAudit). @throws AppError when the queue is full; the caller's read is refused
   */
  async record(entry: AuditEntry, { durable = false } = {}): Promise<void> {
    if (this.#waiting.length === 0) {
      const { db } = this.options.current()
      try {
        await (durable ? appendAudit(db, entry) : appendReadAudit(db, entry))
        return
      } catch (error) {
        if (!isWaitable(error)) throw error
      }
    }
    this.#queue(entry)
    this.nudge()
  }

  /** Tries the waiting events again soon (after any write that worked, and on the timer). */
  nudge(): void {
    if (this.#waiting.length > 0) void this.flush()
  }

  /**
   * Appends the waiting events in order, in batches, until one fails: that one and the rest keep
   * waiting. Only one catch-up runs at a time; a nudge meanwhile runs another after it.
   */
  flush(): Promise<void> {
    if (this.#flushing) {
      this.#again = true
      return this.#flushing
    }
    this.#flushing = this.#catchUp().finally(() => (this.#flushing = null))
    return this.#flushing
  }

  /** Queues events kept by an earlier run (they happened before anything this run does), then writes them. */
  async restore(): Promise<void> {
    const file = this.options.file
    if (!file) return
    const { database } = this.options.current()
    let kept: ReturnType<PendingAuditsFile['load']>
    try {
      kept = file.load(database)
    } catch {
      this.#log('[audit] the file of audit events waiting from the last run could not be read; it was left in place')
      return
    }
    if (kept.unreadable > 0) this.#log(`[audit] ${kept.unreadable} line(s) of the waiting audit events file could not be read (cut short?) and were skipped`)
    if (kept.setAside > 0) this.#log(`[audit] ${kept.setAside} audit event(s) waiting for another practice database were set aside in this desk's folder`)
    this.#waiting.unshift(...kept.items)
    await this.flush()
  }

  /** Stops retrying; whatever still waits is kept in this desk's folder for the next start. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.#flushing
    if (this.#waiting.length === 0 || !this.options.file) return
    try {
      this.options.file.replace(this.#waiting)
    } catch {
      this.#log(`[audit] ${this.#waiting.length} audit event(s) could not be written to the practice database or saved in this desk's folder, and are lost`)
    }
  }

  #queue(entry: AuditEntry): void {
    if (this.#waiting.length >= this.#limit) {
      throw new AppError(
        'STORAGE_BUSY',
        `Portico can’t write to the practice’s database, and ${this.#limit.toLocaleString('en-US')} activity-log records are already waiting to be saved, so it can’t show this until they are. Nothing was changed. Ask your IT support to check the database (a full disk, a locked file or the server), then try again.`,
      )
    }
    const item = { database: this.options.current().database, entry }
    this.#waiting.push(item)
    this.#keep(() => this.options.file?.add(item))
  }

  /** A change to the file; a folder that can't be written is said once, and the file rewritten when it can be. */
  #keep(change: () => void): void {
    try {
      if (this.#fileFailed) this.options.file?.replace(this.#waiting)
      else change()
      this.#fileFailed = false
    } catch {
      if (!this.#fileFailed) this.#log('[audit] audit events waiting to be written could not be kept in this desk’s folder either; they are kept in memory while Portico runs')
      this.#fileFailed = true
    }
  }

  async #catchUp(): Promise<void> {
    let wrote = 0
    do {
      this.#again = false
      while (this.#waiting.length > 0) {
        const { db, database } = this.options.current()
        // Only this database's events: a desk never writes one practice's reads into another's trail.
        const head = this.#waiting.slice(0, BATCH)
        const other = head.findIndex((item) => item.database !== database)
        const batch = other === -1 ? head : head.slice(0, other)
        if (batch.length === 0) {
          this.#tell('[audit] audit events waiting for another practice database are kept, not written here')
          break
        }
        try {
          await db.transaction().execute(async (trx) => {
            for (const { entry } of batch) await appendAudit(trx, { ...entry, detail: { ...entry.detail, delayed: true } })
          })
        } catch (error) {
          if (!isWaitable(error)) this.#tell(`[audit] waiting audit events could not be written yet (${error instanceof Error ? error.name : 'error'}); they are kept`)
          this.#again = false
          break
        }
        this.#waiting.splice(0, batch.length)
        wrote += batch.length
        this.#told = null
      }
    } while (this.#again && this.#waiting.length > 0)
    if (wrote > 0) this.#keep(() => this.options.file?.replace(this.#waiting))
  }

  /** A log line (never personal data), once until it changes or a write works again: the retries are every few seconds. */
  #tell(line: string): void {
    if (this.#told === line) return
    this.#told = line
    this.#log(line)
  }
}
