import { existsSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { resolve } from 'node:path'
import { type DatabaseTarget, parseDatabaseTarget } from '../../../db/dialect/target'
import { parseArgs } from 'node:util'
import { type PortalTls, checkTlsPair } from './portal-tls'

/** What `npm run portal` was asked for, checked. */
export interface PortalCliOptions {
  dbPath: string
  host: string
  port: number
  tls?: PortalTls
  trustProxy?: string
  publicUrl?: string
  /** The practice's audit key file (--key); by default `portico.audit-key` beside the database. */
  auditKeyPath?: string
}

/** The words proxy-addr (Fastify's trust-proxy parser) takes for whole address ranges. */
const RANGE_WORDS = ['loopback', 'linklocal', 'uniquelocal']

function isProxyAddress(entry: string): boolean {
  if (RANGE_WORDS.includes(entry) || isIP(entry)) return true
  const [address, bits, extra] = entry.split('/')
  if (extra !== undefined || !address || !bits || !/^\d{1,3}$/.test(bits)) return false
  const version = isIP(address)
  return version !== 0 && Number(bits) <= (version === 4 ? 32 : 128)
}

function readPem(path: string, flag: string): string | { error: string } {
  const full = resolve(path)
  if (!existsSync(full)) return { error: `${flag}: there is no file at ${full}.` }
  try {
    return readFileSync(full, 'utf8')
  } catch {
    return { error: `${flag}: Portico cannot read ${full}. Check that this user may read it.` }
  }
}

/**
 * `npm run portal -- --db PATH [--port N] [--host H] [--key FILE] [--tls-cert PATH --tls-key PATH]
 * [--trust-proxy ADDRESS] [--public-url URL]`, checked into options or a plain message.
 * Certificate and key are checked as the desk checks them (checkTlsPair); their contents are never printed.
 */
export function parsePortalCliOptions(args: string[], now: Date): { ok: true; options: PortalCliOptions } | { ok: false; error: string } {
  let values
  try {
    values = parseArgs({
      args,
      options: {
        db: { type: 'string' },
        port: { type: 'string', default: '5181' },
        host: { type: 'string', default: '127.0.0.1' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'string' },
        'public-url': { type: 'string' },
        key: { type: 'string' },
      },
    }).values
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) }
  }
  const fail = (error: string) => ({ ok: false as const, error })

  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`--port must be a number from 0 to 65535 (got "${values.port}").`)
  if (!values.db) return fail('Say which Portico database to serve: npm run portal -- --db /path/to/portico.sqlite3 (or --db postgres://USER:PASSWORD@HOST:PORT/DATABASE)')
  let target: DatabaseTarget
  try {
    target = parseDatabaseTarget(values.db)
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
  const dbPath = target.engine === 'sqlite' ? target.path : target.url
  if (target.engine === 'sqlite' && !existsSync(dbPath)) return fail(`There is no database at ${dbPath}. Start the desk (or npm run web) once to create one.`)
  const options: PortalCliOptions = { dbPath, host: values.host, port, ...(values.key ? { auditKeyPath: resolve(values.key) } : {}) }

  const certPath = values['tls-cert']
  const keyPath = values['tls-key']
  if (Boolean(certPath) !== Boolean(keyPath)) return fail('Give both --tls-cert (the certificate) and --tls-key (its private key), or neither.')
  if (certPath && keyPath) {
    const cert = readPem(certPath, '--tls-cert')
    if (typeof cert !== 'string') return fail(cert.error)
    const key = readPem(keyPath, '--tls-key')
    if (typeof key !== 'string') return fail(key.error)
    const checked = checkTlsPair({ cert, key }, now)
    if (!checked.ok) return fail(`${checked.problem.field === 'certificate' ? '--tls-cert' : '--tls-key'}: ${checked.problem.message}`)
    options.tls = { cert, key }
  }

  const trustProxy = values['trust-proxy']
  if (trustProxy !== undefined) {
    const entries = trustProxy.split(',').map((entry) => entry.trim())
    const bad = entries.find((entry) => !isProxyAddress(entry))
    if (bad !== undefined) {
      return fail(`--trust-proxy takes the reverse proxy's IP address (several separated by commas, or a range like 10.0.0.0/8); "${bad}" is not one.`)
    }
    options.trustProxy = entries.join(',')
  }

  const publicUrl = values['public-url']
  if (publicUrl !== undefined) {
    const url = URL.canParse(publicUrl) ? new URL(publicUrl) : null
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.pathname !== '/' || url.search || url.username) {
      return fail(`--public-url is the address clients open, like https://portal.example.org/ (got "${publicUrl}").`)
    }
    options.publicUrl = url.origin
  }
  return { ok: true, options }
}
