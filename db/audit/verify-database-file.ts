import { existsSync } from 'node:fs'
import SqliteDatabase from 'better-sqlite3'
import { createKysely } from '../connection'
import { createServerKysely, createServerPool } from '../connection-postgres'
import { isServerUrl } from '../dialect/target'
import { getSetting } from '../repositories/settings.repository'
import { auditGuardProblems } from './append-only-guards'
import { type Anchor, FileAnchorStore, defaultAnchorDir, readAnchorsAt } from './chain-head'
import type { ChainKey } from './chain-key'
import { FileKeyStore, keyFileBeside } from './key-store'
import { describeChainReport, verifyAuditChain } from './verify-chain'

export interface VerifyFileResult {
  /** 0 intact, 1 broken or rewritten, 2 could not be checked (no such file, no key for keyed events). */
  exitCode: 0 | 1 | 2
  lines: string[]
}

/**
 * What `npm run audit:verify` does, read-only: finds the practice's key (beside the database, or
 * `keyPath`) and the head recorded for it (in the per-user anchor folder, or `anchorPath`: an anchor
 * file, a backup manifest, or a folder of them), then checks the chain against both, and the
 * append-only triggers against what Portico installed.
 */
export async function verifyDatabaseFile(params: { dbPath: string; keyPath?: string; anchorPath?: string }): Promise<VerifyFileResult> {
  const { dbPath } = params
  const onServer = isServerUrl(dbPath)
  if (!onServer && !existsSync(dbPath)) return { exitCode: 2, lines: [`There is no database at ${dbPath}.`] }
  const keyFile = new FileKeyStore(params.keyPath ?? keyFileBeside(dbPath))
  if (params.keyPath && !existsSync(params.keyPath)) return { exitCode: 2, lines: [`There is no key file at ${params.keyPath}.`] }
  if (params.anchorPath && !existsSync(params.anchorPath)) return { exitCode: 2, lines: [`There is no anchor file, backup manifest or folder of them at ${params.anchorPath}.`] }
  let key: ChainKey | null
  try {
    key = keyFile.read()
  } catch (error) {
    return { exitCode: 2, lines: [error instanceof Error ? error.message : String(error)] }
  }
  const defaultAnchors = new FileAnchorStore(defaultAnchorDir())

  const { db, close } = onServer ? serverReader(dbPath) : fileReader(dbPath)
  try {
    const findings: string[] = []
    const guards = await auditGuardProblems(db)
    if (guards.length > 0) findings.push(`The audit table’s protection against rewriting was tampered with: ${guards.join('; ')}.`)
    const claimed = (await getSetting(db, 'practice.id')) || null
    const remembered = defaultAnchors.practiceOf(dbPath)
    if (remembered && claimed !== remembered) {
      findings.push(claimed ? `The database says it belongs to practice ${claimed}, but this computer recorded it as practice ${remembered}: its practice id was changed.` : `The database’s practice id was removed (this computer recorded it as practice ${remembered}).`)
    }
    const practiceId = remembered ?? claimed ?? key?.practiceId ?? null
    if (key && practiceId && key.practiceId !== practiceId) {
      return { exitCode: 2, lines: [...findings, `The key in ${keyFile.path} belongs to another practice (${key.practiceId}), not to this database’s (${practiceId}).`] }
    }
    let anchors: Anchor[]
    try {
      anchors = params.anchorPath
        ? readAnchorsAt(params.anchorPath).filter((a) => !practiceId || !a.head.practiceId || a.head.practiceId === practiceId)
        : [practiceId ? defaultAnchors.read(practiceId) : null].filter((a): a is Anchor => a !== null)
    } catch (error) {
      return { exitCode: 2, lines: [error instanceof Error ? error.message : String(error)] }
    }

    const report = await verifyAuditChain(db, { key, anchors, expectKeyed: key !== null || claimed !== null })
    // "Intact" is never said of a trail with findings about it.
    const lines = [...findings, ...describeChainReport(report).filter((l) => findings.length === 0 || !l.startsWith('Audit trail intact'))]
    lines.push(
      anchors.length > 0
        ? `Checked against the head${anchors.length > 1 ? 's' : ''} recorded in ${anchors.map((a) => a.source).join(', ')}.`
        : `No recorded head was found for this practice (looked in ${params.anchorPath ?? defaultAnchors.folder}): events deleted from the end could not be noticed.`,
    )
    if (report.keyNeeded) lines.push(`Give the practice’s key file with --key FILE (looked for ${keyFile.path}).`)
    const exitCode = findings.length > 0 || report.firstBroken || report.headProblems.length > 0 ? 1 : report.keyNeeded ? 2 : 0
    return { exitCode, lines }
  } finally {
    await close()
  }
}

/** The file, opened read-only: nothing is migrated or written. */
function fileReader(path: string) {
  const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
  const db = createKysely(sqlite)
  return { db, close: async () => (await db.destroy(), sqlite.open && sqlite.close()) }
}

/** The server database through one connection whose transactions are read-only: nothing is migrated or written. */
function serverReader(url: string) {
  const db = createServerKysely(createServerPool(url, { max: 1, readOnly: true }))
  return { db, close: () => db.destroy() }
}
