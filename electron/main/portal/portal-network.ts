import { type IncomingMessage, type Server, type ServerResponse, createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'

/**
 * How long the portal waits for a client and how many it holds at once. A portal request is a
 * page, a small file or a JSON body of at most 16 kB, so a real client (even a phone on poor
 * Wi-Fi) finishes in well under a second; a client that hasn't in these times is stalling.
 */
export interface PortalLimits {
  /** The whole request, headers and body, must arrive within this (Node's requestTimeout). */
  requestTimeoutMs: number
  /** The headers must arrive within this (Node's headersTimeout; at most requestTimeoutMs). */
  headersTimeoutMs: number
  /** An idle kept-alive connection is closed after this. */
  keepAliveTimeoutMs: number
  /** A connection with no traffic either way is closed after this (Fastify's connectionTimeout). */
  idleTimeoutMs: number
  /** A TLS handshake must finish within this. */
  tlsHandshakeTimeoutMs: number
  /** How often Node checks the request and headers timeouts; a stalled request lives at most this much longer. */
  timeoutCheckIntervalMs: number
  /** Connections open at once, from everyone; more are dropped as they arrive. */
  maxConnections: number
  /** Connections open at once from one address, so one device cannot take them all (not applied behind a trusted proxy). */
  maxConnectionsPerAddress: number
}

export const PORTAL_LIMITS: PortalLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 15_000,
  keepAliveTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  tlsHandshakeTimeoutMs: 10_000,
  timeoutCheckIntervalMs: 1_000,
  maxConnections: 256,
  maxConnectionsPerAddress: 32,
}

/** The limits with any given ones in place of the defaults, checked so Node accepts them. */
export function portalLimits(given: Partial<PortalLimits> = {}): PortalLimits {
  const limits = { ...PORTAL_LIMITS, ...given }
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Portal limit ${name} must be a positive whole number (got ${String(value)}).`)
  }
  // Node refuses a headers timeout longer than the request timeout.
  return { ...limits, headersTimeoutMs: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) }
}

/**
 * The portal's Node server, HTTP or (given a certificate and key) HTTPS, with every limit above in
 * place before it listens. Fastify is handed this server (its `serverFactory`), so all timeouts
 * are set here in one place. Behind a reverse proxy (`perAddress: false`) every client arrives
 * from the proxy's address, so the per-address cap is the proxy's to keep.
 */
export function createPortalNodeServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  limits: PortalLimits,
  options: { tls?: { cert: string; key: string } | undefined; perAddress: boolean },
): Server {
  const server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, handshakeTimeout: limits.tlsHandshakeTimeoutMs }, handler)
    : createHttpServer(handler)
  server.requestTimeout = limits.requestTimeoutMs
  server.headersTimeout = limits.headersTimeoutMs
  server.keepAliveTimeout = limits.keepAliveTimeoutMs
  // Node checks the request and headers timeouts on this interval (30 s by default), so it bounds how late a cut-off comes.
  ;(server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = limits.timeoutCheckIntervalMs
  server.setTimeout(limits.idleTimeoutMs)
  server.maxConnections = limits.maxConnections
  if (options.perAddress) capPerAddress(server, limits.maxConnectionsPerAddress)
  // An https.Server has the same timeouts and connection handling as an http.Server.
  return server as Server
}

/** Drops a connection from an address that already holds `max` of them. */
function capPerAddress(server: Server | import('node:https').Server, max: number): void {
  const open = new Map<string, number>()
  // 'connection' is the raw TCP socket, before TLS or HTTP parsing, for http and https alike.
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? ''
    const count = (open.get(address) ?? 0) + 1
    if (count > max) {
      socket.destroy()
      return
    }
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left <= 0) open.delete(address)
      else open.set(address, left)
    })
  })
}
