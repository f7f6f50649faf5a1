import { type Socket, connect, createServer } from 'node:net'
import { afterEach, describe, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>> | undefined
  const sockets: Socket[] = []
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy()
    await h?.close()
    h = undefined
  })

  /** A raw TCP connection to the portal, with what the server sent and when it closed it. */
  async function open(port: number): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
    const socket = connect({ host: '127.0.0.1', port })
    sockets.push(socket)
    let received = ''
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')))
    socket.on('error', () => {})
    const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())))
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve)
      socket.once('close', () => reject(new Error('the connection closed before it opened')))
    })
    return { socket, received: () => received, closed }
  }

  /** Whether this machine has the address (every 127.x on Linux; only 127.0.0.1 on macOS). */
  function canBind(address: string): Promise<boolean> {
    return new Promise((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(0, address, () => probe.close(() => resolve(true)))
    })
  }

  /** Resolves with the close time, or with null when the socket is still open after `ms`. */
  function closedWithin(closed: Promise<number>, ms: number): Promise<number | null> {
    return Promise.race([closed, new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))])
  }

  /** One GET over a fresh connection from `localAddress`: the whole answer, or '' when the server dropped it unanswered. */
  function rawGet(port: number, path: string, localAddress = '127.0.0.1'): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, localAddress })
      sockets.push(socket)
      let text = ''
      socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')))
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)))
      socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))
      socket.on('close', () => resolve(text))
    })
  }

  /**
   * A sign-in POST that passes the CSRF check (so the portal goes on to read its body), whose body
   * never finishes: its headers, then a few bytes of a 1 kB body.
   */
  async function startSlowPost(socket: Socket, port: number): Promise<void> {
    const csrf = await rawGet(port, '/api/csrf')
    const token = /"token":"([^"]+)"/.exec(csrf)?.[1]
    const cookie = /Set-Cookie: (_csrf=[^;]+)/i.exec(csrf)?.[1]
    if (!token || !cookie) throw new Error(`no CSRF token in:\n${csrf}`)
    socket.write(
      `POST /api/sign-in HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nX-CSRF-Token: ${token}\r\nCookie: ${cookie}\r\nContent-Length: 1000\r\n\r\n{"username":"jo`,
    )
  }

  /** Waits until the portal's Node server counts this many open connections (it counts on accept). */
  async function untilConnections(count: number): Promise<void> {
    const server = h!.app.server
    for (let i = 0; i < 200; i++) {
      const open = await new Promise<number>((resolve, reject) => server.getConnections((error, n) => (error ? reject(error) : resolve(n))))
      if (open === count) return
      await new Promise((resolve) => setImmediate(resolve))
    }
    throw new Error(`the server never counted ${count} connections`)
  }

  describe('the portal on an open network: slow and greedy connections', () => {
    test('a request whose body stalls is closed once the request timeout passes', { timeout: 20_000 }, async () => {
      h = await portalHarness({ dialect, limits: { requestTimeoutMs: 600, headersTimeoutMs: 600, timeoutCheckIntervalMs: 100 } })
      const slow = await open(h.port)
      await startSlowPost(slow.socket, h.port)
      const started = Date.now()
      // A byte now and then keeps the socket from looking idle: only the request timeout can end it.
      const trickle = setInterval(() => slow.socket.write('e'), 150)
      try {
        const at = await closedWithin(slow.closed, 5_000)
        expect(at, 'the stalled request was still open after 5 s').not.toBeNull()
        expect(at! - started).toBeGreaterThanOrEqual(500)
        // Fastify writes a 408 before closing; the client may not see it if the close overtakes it.
        expect(slow.received()).toMatch(/^(HTTP\/1\.1 408 [^]*)?$/)
      } finally {
        clearInterval(trickle)
      }
    })

    test('headers that never finish are cut off by the headers timeout', { timeout: 20_000 }, async () => {
      h = await portalHarness({ dialect, limits: { requestTimeoutMs: 5_000, headersTimeoutMs: 500, timeoutCheckIntervalMs: 100 } })
      const slow = await open(h.port)
      slow.socket.write(`GET /sign-in HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\nX-Slow: `)
      const trickle = setInterval(() => slow.socket.write('a'), 150)
      try {
        expect(await closedWithin(slow.closed, 4_000), 'the unfinished headers were still open after 4 s').not.toBeNull()
      } finally {
        clearInterval(trickle)
      }
    })

    test('an idle kept-alive connection is closed after the keep-alive timeout', { timeout: 20_000 }, async () => {
      h = await portalHarness({ dialect, limits: { keepAliveTimeoutMs: 300 } })
      const client = await open(h.port)
      client.socket.write(`GET /api/csrf HTTP/1.1\r\nHost: 127.0.0.1:${h.port}\r\n\r\n`)
      expect(await closedWithin(client.closed, 4_000), 'the idle connection was still open after 4 s').not.toBeNull()
      expect(client.received()).toMatch(/^HTTP\/1\.1 200 /)
    })

    test('connections beyond the cap are refused at once, and the portal answers again when one closes', { timeout: 20_000 }, async () => {
      h = await portalHarness({ dialect, limits: { maxConnections: 3, maxConnectionsPerAddress: 10 } })
      const held = [await open(h.port), await open(h.port), await open(h.port)]
      await untilConnections(3)

      // The kernel completes the handshake; Node then drops the socket without reading it.
      const extra = connect({ host: '127.0.0.1', port: h.port })
      sockets.push(extra)
      extra.on('error', () => {})
      expect(await closedWithin(new Promise<number>((resolve) => extra.on('close', () => resolve(Date.now()))), 3_000), 'a fourth connection was kept').not.toBeNull()
      expect(await rawGet(h.port, '/api/csrf')).toBe('')

      held[0]!.socket.destroy()
      await untilConnections(2)
      expect(await rawGet(h.port, '/api/csrf')).toMatch(/^HTTP\/1\.1 200 /)
      // Those held were not disturbed by the refusal.
      expect(await closedWithin(held[1]!.closed, 50)).toBeNull()
    })

    test('one device cannot take every connection: past its own cap it is refused while others are served', { timeout: 20_000 }, async () => {
      h = await portalHarness({ dialect, limits: { maxConnections: 50, maxConnectionsPerAddress: 2 } })
      const first = await open(h.port)
      await open(h.port)
      await untilConnections(2)
      // Far below the overall cap of 50, the third from this address is dropped.
      const third = connect({ host: '127.0.0.1', port: h.port })
      sockets.push(third)
      third.on('error', () => {})
      expect(await closedWithin(new Promise<number>((resolve) => third.on('close', () => resolve(Date.now()))), 3_000), 'a third connection from one address was kept').not.toBeNull()
      expect(await rawGet(h.port, '/api/csrf')).toBe('')

      // Another device is served as usual (where this machine answers on 127.0.0.2 too, as Linux does).
      if (await canBind('127.0.0.2')) expect(await rawGet(h.port, '/api/csrf', '127.0.0.2')).toMatch(/^HTTP\/1\.1 200 /)

      // Once one of its connections closes, the device is served again.
      first.socket.destroy()
      await untilConnections(1)
      expect(await rawGet(h.port, '/api/csrf')).toMatch(/^HTTP\/1\.1 200 /)
    })
  })
})
