import { resolve } from 'node:path'

/** Where a practice is kept: a SQLite file at this desk, or a database on a PostgreSQL server. */
export type DatabaseTarget =
  | { engine: 'sqlite'; path: string }
  | { engine: 'postgres'; url: string; host: string; port: number; database: string; user: string }

const SERVER_URL = /^postgres(?:ql)?:\/\//i

/** Whether `text` names a server (a postgres:// URL) rather than a file. */
export function isServerUrl(text: string): boolean {
  return SERVER_URL.test(text.trim())
}

/**
 * What `--db` (or the desk's config) names: a postgres:// URL, or a file path (made absolute).
 * @throws Error with a plain message when a URL is malformed.
 */
export function parseDatabaseTarget(text: string): DatabaseTarget {
  const trimmed = text.trim()
  if (!isServerUrl(trimmed)) return { engine: 'sqlite', path: resolve(trimmed) }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    throw new Error('That server address is not a valid postgres:// URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!url.hostname) throw new Error('The server address names no host (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  if (!database) throw new Error('The server address names no database (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  return { engine: 'postgres', url: trimmed, host: url.hostname, port: Number(url.port || 5432), database, user: decodeURIComponent(url.username) }
}

/** The target in words for messages and logs: the file's path, or host:port/database (never a password). */
export function describeTarget(target: DatabaseTarget): string {
  return target.engine === 'sqlite' ? target.path : `${target.host}:${target.port}/${target.database}`
}

/**
 * The database's identity on this computer, for records kept about it (the audit chain's recorded
 * heads): a file's absolute path, or postgres://HOST:PORT/DATABASE (no user, no password: the same
 * practice whoever signs in to the server).
 */
export function databaseIdentity(text: string): string {
  const target = parseDatabaseTarget(text)
  return target.engine === 'sqlite' ? target.path : `postgres://${target.host}:${target.port}/${target.database}`
}
