import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** How often a desk says it has the file open, and how long that counts for. */
export const PRESENCE_BEAT_MS = 10_000
const FRESH_MS = 3 * PRESENCE_BEAT_MS

interface Beat {
  host: string
  pid: number
  seenAt: string
}

/**
 * Which Portico desks have a practice file open: each desk keeps a small file of its own in a
 * folder beside the database (`portico.sqlite3.desks/`), written again every PRESENCE_BEAT_MS and
 * removed when it closes. A file on a shared folder opened by desks on two computers is not a
 * supported way to share a practice (the server is); with this each desk can say so. Only files
 * can be shared this way: a practice server needs none of it.
 */
export class DeskPresence {
  readonly #folder: string
  readonly #mine: string
  constructor(
    readonly dbPath: string,
    private readonly host: string,
    private readonly pid = process.pid,
  ) {
    this.#folder = `${dbPath}.desks`
    this.#mine = join(this.#folder, `${host.replace(/[^A-Za-z0-9._-]/g, '_')}-${String(pid)}.json`)
  }

  /** Says this desk has the file open now. A folder that can't be written is no reason to stop the desk. */
  beat(now: Date): void {
    try {
      mkdirSync(this.#folder, { recursive: true })
      writeFileSync(this.#mine, JSON.stringify({ host: this.host, pid: this.pid, seenAt: now.toISOString() } satisfies Beat))
    } catch {
      // Read-only or full: the database itself will say so where it matters.
    }
  }

  /** The other desks that said so within the last half minute (either way, for clocks a little apart), by computer name. */
  others(now: Date): string[] {
    let names: string[]
    try {
      names = readdirSync(this.#folder)
    } catch {
      return []
    }
    const hosts = new Set<string>()
    for (const name of names) {
      const path = join(this.#folder, name)
      if (path === this.#mine || !name.endsWith('.json')) continue
      try {
        const beat = JSON.parse(readFileSync(path, 'utf8')) as Partial<Beat>
        const age = now.getTime() - Date.parse(String(beat.seenAt))
        if (typeof beat.host === 'string' && Math.abs(age) < FRESH_MS) hosts.add(beat.host)
      } catch {
        // Half-written or removed meanwhile: read again at the next beat.
      }
    }
    return [...hosts].sort()
  }

  /** This desk closes the file. */
  leave(): void {
    rmSync(this.#mine, { force: true })
  }
}
