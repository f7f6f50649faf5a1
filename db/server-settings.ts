import { isIP } from 'node:net'

/**
 * How a desk talks to the practice's server: `off` in the clear (a trusted office network only),
 * `require` encrypted without checking who answers, `verify` encrypted and the server's
 * certificate checked against the practice's CA file and the host name.
 */
export type ServerTls = 'off' | 'require' | 'verify'

/** The practice server a desk connects to, as the Settings page holds it. */
export interface ServerSettings {
  host: string
  port: number
  database: string
  user: string
  password: string
  tls: ServerTls
  /** CA certificate file (PEM), for 'verify' */
  caFile?: string
}

/**
 * The sslmode the pg driver reads for each choice. `no-verify` rather than `require`: the driver
 * treats a bare `require` as full verification, which is what 'verify' is for.
 */
const SSL_MODE: Record<ServerTls, string> = { off: 'disable', require: 'no-verify', verify: 'verify-full' }

/** A host as a URL holds it: an IPv6 address in brackets, a name as it is (encoded if it needs to be). */
function urlHost(host: string): string {
  const trimmed = host.trim()
  if (isIP(trimmed) === 6) return `[${trimmed}]`
  return /^[A-Za-z0-9.-]+$/.test(trimmed) ? trimmed : encodeURIComponent(trimmed)
}

/**
 * The postgres:// URL openDatabase takes for these settings: off → sslmode=disable; require →
 * sslmode=no-verify (encrypted, certificate not checked); verify →
 * sslmode=verify-full&sslrootcert=<caFile>. Every part URL-encoded.
 */
export function serverUrl(settings: ServerSettings): string {
  const user = encodeURIComponent(settings.user)
  const password = settings.password ? `:${encodeURIComponent(settings.password)}` : ''
  const query = new URLSearchParams({ sslmode: SSL_MODE[settings.tls] })
  if (settings.tls === 'verify' && settings.caFile) query.set('sslrootcert', settings.caFile)
  return `postgres://${user}${password}@${urlHost(settings.host)}:${Math.floor(settings.port)}/${encodeURIComponent(settings.database)}?${query}`
}

/** The settings in words for messages and logs: host:port/database (never the password). */
export function describeServer(settings: ServerSettings): string {
  return `${settings.host.trim()}:${settings.port}/${settings.database}`
}

const TLS_OF_MODE: Record<string, ServerTls> = { disable: 'off', allow: 'off', prefer: 'require', require: 'require', 'no-verify': 'require', 'verify-ca': 'verify', 'verify-full': 'verify' }

/**
 * The settings a postgres:// URL names (the inverse of `serverUrl`), for tools given a URL. A URL
 * without sslmode connects in the clear, as the pg driver does.
 * @throws Error with a plain message when it isn't a postgres:// URL naming a host and a database.
 */
export function serverSettingsFromUrl(text: string): ServerSettings {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    throw new Error('That server address is not a valid postgres:// URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  }
  if (!/^postgres(?:ql)?:$/i.test(url.protocol) || !url.hostname) throw new Error('That server address is not a postgres:// URL naming a host (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (!database) throw new Error('The server address names no database (postgres://USER:PASSWORD@HOST:PORT/DATABASE).')
  const tls = TLS_OF_MODE[url.searchParams.get('sslmode') ?? 'disable'] ?? 'require'
  const caFile = url.searchParams.get('sslrootcert')
  return {
    host: url.hostname.replace(/^\[(.+)\]$/, '$1'),
    port: Number(url.port || 5432),
    database,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    tls,
    ...(caFile ? { caFile } : {}),
  }
}
