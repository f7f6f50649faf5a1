import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** How many of SQLite's findings are kept: enough for support, never a flood (and never row contents). */
export const PROBLEMS_KEPT = 5

export interface FileCheckOptions {
  /** Electron-ABI better-sqlite3 when Portico runs inside Electron from source (as `openDatabase` takes). */
  nativeBinding?: string
  /** Findings to keep at most (SQLite stops looking after this many). */
  maxProblems?: number
}

/**
 * The worker's whole program, plain CommonJS so it needs no build step of its own. A writable open
 * (SQLite ignores CHECK constraints on a read-only connection), made `query_only` so it never
 * writes; a read-only open only when the file or its folder refuses anything else.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const native = workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {}
let db
try {
  try {
    db = new Database(workerData.path, { fileMustExist: true, ...native })
    db.pragma('query_only = 1')
  } catch (error) {
    if (error && error.code === 'SQLITE_CANTOPEN' || error && error.code === 'SQLITE_READONLY') db = new Database(workerData.path, { readonly: true, fileMustExist: true, ...native })
    else throw error
  }
  db.pragma('busy_timeout = 5000')
  const rows = db.prepare('pragma integrity_check(' + Number(workerData.max) + ')').pluck().all()
  // One finding a line; SQLite heads a database's findings with "*** in database main ***".
  const lines = rows.flatMap((row) => String(row).split('\\n')).filter((line) => line.trim() && !line.startsWith('*** in database '))
  parentPort.postMessage({ problems: lines.length === 1 && lines[0] === 'ok' ? [] : lines })
} catch (error) {
  parentPort.postMessage({ failed: { code: error && error.code ? String(error.code) : '', message: error instanceof Error ? error.message : String(error) } })
} finally {
  if (db && db.open) db.close()
}
`

/** The check could not run at all (the file is missing, locked past the timeout, not a database). */
export class FileCheckFailedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'FileCheckFailedError'
  }
}

/**
 * SQLite's full `integrity_check` of the file at `path`, on a connection of its own in a worker
 * thread: it reads every page, which takes seconds on a large practice, and the desk's own
 * connection and thread stay free meanwhile. Resolves to SQLite's first findings (empty when the
 * file is sound). A file whose damage stops SQLite from reading it at all (SQLITE_CORRUPT, not a
 * database) resolves to that as its finding; a file that can't be opened rejects.
 */
export function integrityCheckFile(path: string, options: FileCheckOptions = {}): Promise<string[]> {
  const module = createRequire(__filename).resolve('better-sqlite3')
  const max = Math.max(1, Math.floor(options.maxProblems ?? PROBLEMS_KEPT))
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, module, max, nativeBinding: options.nativeBinding ?? '' } })
    let answered = false
    worker.once('message', (message: { problems?: string[]; failed?: { code: string; message: string } }) => {
      answered = true
      if (message.problems) return resolve(message.problems.slice(0, max))
      const failed = message.failed ?? { code: '', message: 'The check gave no answer.' }
      if (failed.code.startsWith('SQLITE_CORRUPT') || failed.code === 'SQLITE_NOTADB') return resolve([`SQLite could not read the file: ${failed.message}`])
      reject(new FileCheckFailedError(failed.code, failed.message))
    })
    worker.once('error', (error) => {
      answered = true
      reject(error)
    })
    worker.once('exit', (code) => {
      if (!answered) reject(new FileCheckFailedError('', `The file check stopped before answering (exit code ${String(code)}).`))
    })
  })
}

/**
 * When the file at `path` was last written, in ms since the epoch: its write-ahead log takes every
 * commit (this desk's, its portal's, another program's), and the file itself every checkpoint.
 * 0 when neither can be read.
 */
export function fileLastWritten(path: string): number {
  let latest = 0
  for (const file of [path, `${path}-wal`]) {
    try {
      latest = Math.max(latest, statSync(file).mtimeMs)
    } catch {
      // No log yet (or no file): the other one says it.
    }
  }
  return latest
}
