import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { writePrivateFile } from '../../../db/audit/private-file'
import type { AuditEntry } from '../../../db/repositories/audit.repository'

/** The file in this desk's own folder (beside portico-desk.json) that keeps audit events not yet written. */
export const PENDING_AUDITS_NAME = 'portico-pending-audit.jsonl'
/** Where events waiting for another practice database are set aside, rather than written to the wrong one. */
export const PENDING_AUDITS_ASIDE_NAME = 'portico-pending-audit-other-database.jsonl'

/** One waiting event and the practice database it belongs to (its identity: never a password). */
export interface PendingAudit {
  database: string
  entry: AuditEntry
}

/**
 * The waiting events on disk, one JSON line each, in the order they happened. Each event is added
 * as it is queued, so neither closing Portico nor a crash loses it; the file is rewritten with what
 * is left once some are written to the database, and removed when none are. It is readable by this
 * computer's user only: it names who opened which client's record.
 */
export class PendingAuditsFile {
  constructor(readonly path: string) {}

  /** @throws when the folder can't be written (full, read-only): the caller says so */
  add(item: PendingAudit): void {
    appendFileSync(this.path, `${JSON.stringify(item)}\n`, { mode: 0o600 })
  }

  /** @throws when the folder can't be written */
  replace(items: readonly PendingAudit[]): void {
    if (items.length === 0) rmSync(this.path, { force: true })
    else writePrivateFile(this.path, items.map((item) => `${JSON.stringify(item)}\n`).join(''))
  }

  /**
   * The events kept by an earlier run for `database`, oldest first, and how many lines could not
   * be read (a line cut short by a crash). Events kept for another database are moved to a file of
   * their own beside this one, never written into this one.
   */
  load(database: string): { items: PendingAudit[]; unreadable: number; setAside: number } {
    if (!existsSync(this.path)) return { items: [], unreadable: 0, setAside: 0 }
    const items: PendingAudit[] = []
    const aside: PendingAudit[] = []
    let unreadable = 0
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue
      const item = parse(line)
      if (!item) unreadable += 1
      else (item.database === database ? items : aside).push(item)
    }
    if (aside.length > 0) {
      const asidePath = join(dirname(this.path), PENDING_AUDITS_ASIDE_NAME)
      appendFileSync(asidePath, aside.map((item) => `${JSON.stringify(item)}\n`).join(''), { mode: 0o600 })
      this.replace(items)
    }
    return { items, unreadable, setAside: aside.length }
  }
}

function parse(line: string): PendingAudit | null {
  try {
    const item = JSON.parse(line) as PendingAudit
    const e = item?.entry
    if (typeof item.database !== 'string' || !e || typeof e.action !== 'string' || typeof e.at !== 'string' || typeof e.actor?.name !== 'string') return null
    return item
  } catch {
    return null
  }
}
