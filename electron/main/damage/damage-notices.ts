/** What one of SQLite's checks of a file found, for the admins' notice and the log (never row contents). */
export interface FileCheckFinding {
  /** The practice's own file, or a backup just written. */
  subject: 'practice' | 'backup'
  /** The backup's file name, or the practice file's location. */
  name: string
  /** SQLite's first findings, e.g. "CHECK constraint failed in clients". */
  problems: string[]
  at: string
}

const RESTORE = 'Restore the newest good backup (Settings → Backups) or call support.'
/** Ids named in the notice at most; the count says how many there are in all. */
const IDS_NAMED = 10

/**
 * The damage this desk has seen, kept for its admins: the latest file check of the practice and of
 * the last backup, and the client rows the desk could not read. Everyone else sees the damaged
 * rows themselves and nothing more.
 */
export class DamageNotices {
  #practice: FileCheckFinding | null = null
  #backup: FileCheckFinding | null = null
  #rows = new Set<number>()

  /** Records a check's result: a sound file clears what an earlier check of the same kind found. */
  noteFileCheck(finding: FileCheckFinding): void {
    const kept = finding.problems.length > 0 ? finding : null
    if (finding.subject === 'practice') this.#practice = kept
    else this.#backup = kept
  }

  /** Records client rows seen damaged; returns those not seen before (to log and audit once). */
  noteDamagedRows(ids: readonly number[]): number[] {
    const fresh = ids.filter((id) => !this.#rows.has(id))
    for (const id of fresh) this.#rows.add(id)
    return fresh
  }

  get practiceFinding(): FileCheckFinding | null {
    return this.#practice
  }

  get backupFinding(): FileCheckFinding | null {
    return this.#backup
  }

  get damagedRows(): number[] {
    return [...this.#rows].sort((a, b) => a - b)
  }

  /** A different database is open (a restore, a switch): what was seen belonged to the old one. */
  forgetDatabase(): void {
    this.#practice = null
    this.#backup = null
    this.#rows.clear()
  }

  /** The admins' notice in plain words, or null when nothing damaged has been seen. */
  warning(): string | null {
    const parts: string[] = []
    if (this.#practice) parts.push(`Portico found damage in this practice’s file when it checked it (SQLite reports: ${said(this.#practice.problems)}).`)
    if (this.#backup) parts.push(`The backup ${this.#backup.name} failed SQLite’s check (${said(this.#backup.problems)}), so it is not a good copy.`)
    const rows = this.damagedRows
    if (rows.length > 0) {
      const named = rows.slice(0, IDS_NAMED).map((id) => `#${String(id)}`).join(', ')
      const more = rows.length > IDS_NAMED ? ` and ${String(rows.length - IDS_NAMED)} more` : ''
      parts.push(`${rows.length === 1 ? '1 damaged client row was' : `${String(rows.length)} damaged client rows were`} seen: ${named}${more}. They show in the list as damaged; the other clients are fine.`)
    }
    return parts.length > 0 ? `${parts.join(' ')} ${RESTORE}` : null
  }
}

const said = (problems: string[]) => problems.slice(0, 3).join('; ') + (problems.length > 3 ? '; …' : '')
