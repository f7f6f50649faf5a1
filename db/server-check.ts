import { existsSync } from 'node:fs'
import { MIN_SERVER_VERSION } from './connection-postgres'
import { type ServerSettings, describeServer, serverUrl } from './server-settings'
import { isSupportedServerVersion, surveyServerAt, verdictOf } from './server-survey'

/**
 * What Test connection found wrong. Beyond the words on the Settings page: `no-permission` (the
 * server lets this user in, but not to this database from here, or not to create tables in it) and
 * `newer-portico` (the practice there was set up by a newer Portico).
 */
export type ServerProblem =
  | 'unreachable'
  | 'wrong-password'
  | 'no-database'
  | 'too-old'
  | 'tls-required'
  | 'tls-failed'
  | 'not-portico'
  | 'holds-practice'
  | 'empty'
  | 'no-permission'
  | 'newer-portico'

export type ServerCheck =
  | { ok: true; version: string; /** the database holds a Portico practice (a desk can join it) */ holdsPractice: boolean; clients: number | null }
  | { ok: false; problem: ServerProblem; message: string }

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EPIPE', 'EADDRNOTAVAIL'])
/** Node's codes for a certificate it would not trust (and OpenSSL's handshake failures, ERR_SSL_…). */
const CERTIFICATE_CODES = /^(?:SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(?:_LOCALLY)?|CERT_\w+|ERR_TLS_\w+|ERR_SSL_\w+|ERR_OSSL_\w+)$/

const codeOf = (error: unknown) => String((error as { code?: unknown } | null)?.code ?? '')
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error))

const failed = (problem: ServerProblem, message: string): ServerCheck => ({ ok: false, problem, message })

/**
 * A connection error in plain words for the practice's office staff or IT person: what happened
 * and what to check, naming the host and the database, never the password.
 */
export function explainServerError(error: unknown, settings: ServerSettings): { problem: ServerProblem; message: string } {
  const code = codeOf(error)
  const text = messageOf(error)
  const where = describeServer(settings)
  const server = `${settings.host}:${settings.port}`
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return { problem: 'tls-failed', message: `Portico can't read the CA certificate file ${settings.caFile ?? ''}. Choose the practice's CA file (a .pem or .crt file) again.` }
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { problem: 'unreachable', message: `No computer called ${settings.host} was found on the network. Check the server's address (its name or IP address).` }
  }
  if (NETWORK_CODES.has(code) || /timeout|connection terminated unexpectedly/i.test(text)) {
    return {
      problem: 'unreachable',
      message: `Portico can't reach the practice database server at ${server}. Check the address and port, that the server is switched on and PostgreSQL is running there, and that no firewall blocks port ${settings.port} between this computer and the server.`,
    }
  }
  if (/does not support SSL/i.test(text)) {
    return { problem: 'tls-failed', message: `The server at ${server} does not accept encrypted (TLS) connections. Set the server up for TLS (ssl = on in postgresql.conf), or turn TLS off for this server if it is on a network the practice trusts.` }
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { problem: 'tls-failed', message: `The server's TLS certificate is not for the name ${settings.host}. Use the name (or address) the certificate was made for, or make the server a certificate for ${settings.host}.` }
  }
  if (CERTIFICATE_CODES.test(code) || /certificate/i.test(text)) {
    return {
      problem: 'tls-failed',
      message: `The server at ${server} answered with a TLS certificate that ${settings.caFile ? `the CA file ${settings.caFile} does not vouch for` : 'could not be checked'} (${code || text}). Check that the CA file is the one the server's certificate was made with.`,
    }
  }
  if (code === '28P01' || /password/i.test(text)) {
    return { problem: 'wrong-password', message: `The server at ${server} did not accept the username ${settings.user} with that password for the database ${settings.database}. Check both (they are case-sensitive).` }
  }
  if (code === '28000' && /no encryption|SSL off/i.test(text) && settings.tls === 'off') {
    return { problem: 'tls-required', message: `The server at ${server} only accepts encrypted connections. Turn TLS on for this server (Require, or Verify with the practice's CA file).` }
  }
  if (code === '28000' || code === '42501') {
    return {
      problem: 'no-permission',
      message: `The server at ${server} does not let ${settings.user} connect to the database ${settings.database} from this computer. Ask whoever runs the server to allow it (pg_hba.conf, and CONNECT on the database).`,
    }
  }
  if (code === '3D000') {
    return { problem: 'no-database', message: `There is no database called ${settings.database} on the server at ${server}. Check the name, or create it first: the exact SQL is in the README, under "Several desks".` }
  }
  if (code === '57P03' || code === '53300') {
    return { problem: 'unreachable', message: `The server at ${server} is not taking connections right now (${code === '53300' ? 'too many connections' : 'it is starting up or shutting down'}). Try again in a minute.` }
  }
  return { problem: 'unreachable', message: `Portico could not connect to ${where}: ${text}` }
}

/**
 * Connects once (short timeout, read-only), never creates or changes anything. purpose 'join': the
 * database must hold a Portico practice (or be empty → problem 'empty' explaining that a practice
 * must be moved there first, from a desk with its data); 'move': it must be empty (a practice there
 * → 'holds-practice'; other tables → 'not-portico'). Messages are plain words for a practice's
 * office staff/IT person, naming host and database, never the password.
 */
export async function checkServer(settings: ServerSettings, purpose: 'join' | 'move', options: { timeoutMs?: number } = {}): Promise<ServerCheck> {
  const where = describeServer(settings)
  if (settings.tls === 'verify' && !settings.caFile) return failed('tls-failed', 'To verify the server, choose the practice’s CA certificate file (the one the server’s certificate was made with).')
  if (settings.tls === 'verify' && !existsSync(settings.caFile!)) return failed('tls-failed', `There is no CA certificate file at ${settings.caFile}. Choose the practice’s CA file again.`)
  let survey
  try {
    survey = await surveyServerAt(serverUrl(settings), options.timeoutMs ?? 5000)
  } catch (error) {
    const { problem, message } = explainServerError(error, settings)
    return failed(problem, message)
  }
  if (!isSupportedServerVersion(survey.versionNum)) {
    return failed('too-old', `The server at ${settings.host}:${settings.port} runs PostgreSQL ${survey.version}; Portico needs PostgreSQL ${MIN_SERVER_VERSION} or newer. Upgrade PostgreSQL on the server, or use a newer server.`)
  }
  const verdict = verdictOf(survey)
  if (verdict === 'newer-portico') return failed('newer-portico', `The practice in ${where} was set up by a newer version of Portico. Install the latest Portico on this computer first.`)
  if (verdict === 'not-portico') return failed('not-portico', `The database ${where} already holds other tables: it is not a Portico database. Nothing in it was changed. Use a new, empty database for the practice (see the README).`)
  if (purpose === 'join' && verdict === 'empty') {
    return failed('empty', `The database ${where} is empty: no practice has been moved there yet. First move the practice there from the desk that has its data (Settings → Practice database → Move this practice to the server), then join it from the other desks.`)
  }
  if (purpose === 'move' && verdict === 'practice') {
    return failed('holds-practice', `The database ${where} already holds a Portico practice (${survey.clients ?? 0} clients). Portico moves a practice only into an empty database, so nothing was changed. Use a new, empty database, or join this practice instead.`)
  }
  if (purpose === 'move' && survey.applied.length === 0 && !survey.canCreate) {
    return failed('no-permission', `${settings.user} may not create tables in the database ${where}. Make ${settings.user} the database's owner (the README's SQL does), then try again.`)
  }
  return { ok: true, version: survey.version, holdsPractice: verdict === 'practice', clients: survey.clients }
}
