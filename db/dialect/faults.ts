/**
 * What went wrong in the database, whatever the engine: the one place that reads SQLite's and
 * PostgreSQL's error codes. Callers outside `db/` act on the fault, never on a code.
 *
 * - `busy`: another desk (or the portal) holds the lock, or the server cancelled a wait; retry.
 * - `conflict`: a constraint refused the change (a duplicate, or the append-only audit guard).
 * - `unreachable`: the practice's server can't be reached, or dropped the connection.
 * - `full`, `readonly`, `io`, `damaged`: the disk is full, the database can't be written, the disk
 *   (or network drive) failed a read or write, or the database is damaged.
 */
export type DatabaseFault = 'busy' | 'conflict' | 'unreachable' | 'full' | 'readonly' | 'io' | 'damaged'

const UNREACHABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE'])
const UNREACHABLE_MESSAGES = [/connection terminated/i, /timeout exceeded when trying to connect/i, /client has encountered a connection error/i, /cannot use a pool after calling end/i, /connection is closed|not queryable/i]

function codeOf(error: unknown): string {
  return typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code ?? '') : ''
}

function sqliteFault(code: string): DatabaseFault | null {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy'
  if (code.startsWith('SQLITE_CONSTRAINT')) return 'conflict'
  if (code.startsWith('SQLITE_FULL')) return 'full'
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) return 'readonly'
  if (code.startsWith('SQLITE_IOERR')) return 'io'
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'damaged'
  return null
}

/** PostgreSQL's SQLSTATE classes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
function postgresFault(code: string): DatabaseFault | null {
  if (!/^[0-9A-Z]{5}$/.test(code)) return null
  if (code === '55P03' || code === '40P01' || code === '40001' || code === '57014') return 'busy'
  if (code.startsWith('23') || code === 'P0001') return 'conflict'
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300') return 'unreachable'
  if (code === '53100') return 'full'
  if (code === '58030') return 'io'
  if (code === '25006') return 'readonly'
  if (code.startsWith('XX')) return 'damaged'
  return null
}

/** The fault behind `error`, or null when it isn't the database's (a bug, a refused input). */
export function databaseFault(error: unknown): DatabaseFault | null {
  const code = codeOf(error)
  if (code.startsWith('SQLITE_')) return sqliteFault(code)
  if (UNREACHABLE_NODE_CODES.has(code)) return 'unreachable'
  const pg = postgresFault(code)
  if (pg) return pg
  const message = error instanceof Error ? error.message : ''
  if (UNREACHABLE_MESSAGES.some((m) => m.test(message))) return 'unreachable'
  // An error the pool or a transaction wraps keeps the original as its cause.
  const cause = error instanceof Error ? error.cause : undefined
  return cause && cause !== error ? databaseFault(cause) : null
}

/** The engine's own code, for a log line that names no data (never the message, which may). */
export function faultCode(error: unknown): string {
  return codeOf(error)
}
