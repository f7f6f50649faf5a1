import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type SqliteDatabase from 'better-sqlite3'
import type { ChainHead } from '../audit/chain-head'

/** Every backup `portico-….sqlite3` has its manifest beside it: `portico-….sqlite3.manifest.json`. */
export const MANIFEST_SUFFIX = '.manifest.json'
export const manifestPathOf = (backupPath: string) => `${backupPath}${MANIFEST_SUFFIX}`

export interface BackupManifest {
  format: 'portico-backup-manifest'
  version: 1
  backup: string
  takenAt: string
  practiceId: string | null
  /** The audit chain's head in the backup: `audit:verify --anchor` takes this file. */
  auditHead: ChainHead
}

/**
 * The audit chain's head in the database attached as `schema` (the copy just written), read with
 * SQLite directly: a backup taken before an upgrade may have an older schema than Kysely's.
 */
export function auditHeadOf(sqlite: SqliteDatabase.Database, schema: string, at: Date): ChainHead {
  const columns = new Set((sqlite.prepare(`pragma "${schema}".table_info(audit_events)`).all() as { name: string }[]).map((c) => c.name))
  const last = sqlite.prepare(`select id, ${columns.has('hash') ? 'hash' : `''`} as hash from "${schema}".audit_events order by id desc limit 1`).get() as { id: number; hash: string | null } | undefined
  const count = sqlite.prepare(`select count(*) from "${schema}".audit_events`).pluck().get() as number
  const keyedFrom = columns.has('key_id') ? ((sqlite.prepare(`select min(id) from "${schema}".audit_events where key_id is not null`).pluck().get() as number | null) ?? null) : null
  const practiceId = (sqlite.prepare(`select value from "${schema}".settings where key = 'practice.id'`).pluck().get() as string | undefined) || null
  return { practiceId, lastId: last?.id ?? 0, hash: last?.hash ?? '', count, keyedFrom, recordedAt: at.toISOString() }
}

/** Writes a backup's manifest under its final name, through a flushed partial file and a rename. */
export function writeManifest(backupPath: string, manifest: BackupManifest): void {
  const target = manifestPathOf(backupPath)
  const partial = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.partial`)
  try {
    const fd = openSync(partial, 'w')
    try {
      writeSync(fd, `${JSON.stringify(manifest, null, 2)}\n`)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(partial, target)
  } finally {
    rmSync(partial, { force: true })
  }
}
