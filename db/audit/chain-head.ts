import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { z } from 'zod'
import { PracticeId } from './chain-key'
import { writePrivateFile } from './private-file'
import { databaseIdentity } from '../dialect/target'

/** The end of the chain at one moment: recorded outside the audit table, so a shortened or rewritten trail shows. */
export const ChainHead = z.strictObject({
  practiceId: PracticeId.nullable(),
  /** The last event's id and hash, and how many events there were up to it. */
  lastId: z.number().int().nonnegative(),
  hash: z.string(),
  count: z.number().int().nonnegative(),
  /** The first keyed event, or null while the chain is unkeyed. */
  keyedFrom: z.number().int().positive().nullable(),
  recordedAt: z.string(),
})
export type ChainHead = z.infer<typeof ChainHead>

/** A recorded head and where it was found, for messages. */
export interface Anchor {
  head: ChainHead
  source: string
}

const AnchorFile = z.object({
  format: z.literal('portico-audit-anchor'),
  version: z.literal(1),
  head: ChainHead,
  /** The head this one replaced when a backup was restored (kept for the record). */
  replacedByRestore: ChainHead.optional(),
})
const DatabasePointer = z.object({ format: z.literal('portico-audit-database'), practiceId: PracticeId })

/** Keeps the chain heads of practices, outside the database. */
export interface AnchorStore {
  readonly where: string
  /** The head last recorded for the practice, or null. */
  read(practiceId: string): Anchor | null
  /**
   * Records a head. A head behind the one recorded is ignored (another process may be a moment
   * behind), unless `restored`: a backup was put in place on purpose, and the head goes back to it.
   */
  write(head: ChainHead & { practiceId: string }, options?: { restored?: boolean }): void
  /** Which practice this store last saw in a database file, so an emptied file can't pass as new. */
  practiceOf(dbPath: string): string | null
  rememberDatabase(dbPath: string, practiceId: string): void
}

/**
 * Where the browser host and the CLIs keep heads: a per-user folder outside any database's folder
 * (`PORTICO_ANCHOR_DIR` when set). It is the same folder the desk app keeps them in
 * (`<userData>/audit-anchors`), so `audit:verify` finds the desk's heads too.
 */
export function defaultAnchorDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env['PORTICO_ANCHOR_DIR']
  if (override) return resolve(override)
  const home = homedir()
  const appData =
    platform === 'win32'
      ? (env['APPDATA'] ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env['XDG_CONFIG_HOME'] ?? join(home, '.config'))
  return join(appData, 'Portico', 'audit-anchors')
}

const pathKey = (dbPath: string) => createHash('sha256').update(databaseIdentity(dbPath)).digest('hex').slice(0, 32)

/** One JSON file per practice (`<practiceId>.json`, mode 0600) in a folder, plus pointers from database paths. */
export class FileAnchorStore implements AnchorStore {
  constructor(readonly folder: string) {}

  get where(): string {
    return `the folder ${this.folder}`
  }

  read(practiceId: string): Anchor | null {
    const path = join(this.folder, `${PracticeId.parse(practiceId)}.json`)
    const head = readAnchorFile(path)
    return head ? { head, source: path } : null
  }

  write(head: ChainHead & { practiceId: string }, options: { restored?: boolean } = {}): void {
    const path = join(this.folder, `${PracticeId.parse(head.practiceId)}.json`)
    let previous: z.infer<typeof AnchorFile> | null = null
    try {
      previous = AnchorFile.parse(JSON.parse(readFileSync(path, 'utf8')))
    } catch {
      // None yet (or unreadable): this head starts it afresh.
    }
    if (previous && !options.restored && previous.head.lastId > head.lastId) return
    const replacedByRestore = options.restored ? previous?.head : previous?.replacedByRestore
    const file = { format: 'portico-audit-anchor', version: 1, head, ...(replacedByRestore ? { replacedByRestore } : {}) }
    writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`)
  }

  practiceOf(dbPath: string): string | null {
    try {
      return DatabasePointer.parse(JSON.parse(readFileSync(join(this.folder, 'databases', `${pathKey(dbPath)}.json`), 'utf8'))).practiceId
    } catch {
      return null
    }
  }

  rememberDatabase(dbPath: string, practiceId: string): void {
    if (this.practiceOf(dbPath) === practiceId) return
    writePrivateFile(join(this.folder, 'databases', `${pathKey(dbPath)}.json`), `${JSON.stringify({ format: 'portico-audit-database', practiceId, path: databaseIdentity(dbPath) }, null, 2)}\n`)
  }
}

/**
 * The head in an anchor file or a backup manifest (both hold one); null when the file is missing.
 * @throws Error with a plain message when the file is there but isn't one.
 */
export function readAnchorFile(path: string): ChainHead | null {
  if (!existsSync(path)) return null
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new Error(`${path} is not a Portico audit anchor or backup manifest (it can't be read as one).`)
  }
  const anchor = AnchorFile.safeParse(data)
  if (anchor.success) return anchor.data.head
  const manifest = z.object({ format: z.literal('portico-backup-manifest'), auditHead: ChainHead }).safeParse(data)
  if (manifest.success) return manifest.data.auditHead
  throw new Error(`${path} is not a Portico audit anchor or backup manifest.`)
}

/** The heads given to `audit:verify --anchor`: a file, or every anchor and manifest in a folder. */
export function readAnchorsAt(path: string): Anchor[] {
  if (!statSync(path).isDirectory()) {
    const head = readAnchorFile(path)
    return head ? [{ head, source: path }] : []
  }
  const found: Anchor[] = []
  for (const name of readdirSync(path)) {
    if (!name.endsWith('.json')) continue
    try {
      const head = readAnchorFile(join(path, name))
      if (head) found.push({ head, source: join(path, name) })
    } catch {
      // Not an anchor: some other JSON file in the folder.
    }
  }
  return found
}
