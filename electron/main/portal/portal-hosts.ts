import type { AddressInfo } from 'node:net'
import { isIP } from 'node:net'
import { networkInterfaces } from 'node:os'

/** What a refused Host gets: a short plain answer, before any route runs. */
export const MISDIRECTED = 'Misdirected request: this portal does not answer to that address.'

export interface HostCheckOptions {
  /** The scheme clients use (https with a certificate or behind a TLS proxy). */
  scheme: () => 'http' | 'https'
  /** Where the server listens; null before it does. */
  address: () => AddressInfo | string | null
  /** The address given to clients (invites), when it is a name or port of its own (a DNS name, a proxy). */
  publicUrl?: string | undefined
  /** Further names that reach this server on its own port (the --host name, a certificate's names). */
  names?: readonly string[]
}

/** Interface addresses change (Wi-Fi joins, a DHCP lease renews), so the list is read again after this. */
const REFRESH_MS = 10_000

const bracket = (name: string) => (isIP(name) === 6 ? `[${name}]` : name)
const defaultPort = (scheme: string) => (scheme === 'https' ? 443 : 80)

/** The machine's own addresses, as a server on 0.0.0.0 or :: can be reached at. */
function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((net) => (net ? [net.address] : []))
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.')
}

/**
 * The Host header values the portal answers to: each name it listens on with its port (every
 * interface address when it listens on all of them, and localhost on loopback), the given names,
 * and the host of its public URL. A page on another site reached through DNS rebinding carries its
 * own name in Host, so it is refused. Names are compared in lower case, as DNS does.
 */
export function createHostCheck(options: HostCheckOptions): (host: string | undefined) => boolean {
  let allowed = new Set<string>()
  let builtAt = -Infinity

  function build(): Set<string> {
    const address = options.address()
    if (!address || typeof address === 'string') return new Set()
    const scheme = options.scheme()
    const names = new Set<string>(options.names ?? [])
    const wildcard = address.address === '0.0.0.0' || address.address === '::'
    for (const listen of wildcard ? interfaceAddresses() : [address.address]) names.add(listen)
    if (wildcard || isLoopback(address.address)) names.add('localhost')
    const hosts = new Set<string>()
    for (const name of names) {
      const n = bracket(name.toLowerCase().replace(/\.$/, ''))
      hosts.add(`${n}:${address.port}`)
      if (address.port === defaultPort(scheme)) hosts.add(n)
    }
    if (options.publicUrl) {
      const url = new URL(options.publicUrl)
      hosts.add(url.host.toLowerCase())
      hosts.add(`${url.hostname.toLowerCase()}:${url.port || defaultPort(url.protocol.replace(':', ''))}`)
    }
    return hosts
  }

  return (host) => {
    if (!host) return false
    const now = Date.now()
    if (now - builtAt > REFRESH_MS) {
      allowed = build()
      builtAt = allowed.size > 0 ? now : -Infinity
    }
    return allowed.has(host.toLowerCase())
  }
}
