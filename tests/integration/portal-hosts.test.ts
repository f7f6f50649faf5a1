import { request } from 'node:http'
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>> | undefined
  afterEach(async () => {
    await h?.close()
    h = undefined
  })

  interface Answer {
    status: number
    type: string
    text: string
    setCookie: string[]
  }

  /** A request to the portal on 127.0.0.1 carrying whatever Host header a browser would have sent. */
  function send(port: number, host: string, method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string> = { host }
      if (body !== undefined) headers['content-type'] = 'application/json'
      const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text, setCookie: res.headers['set-cookie'] ?? [] }))
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  const FOREIGN_HOSTS = ['attacker.example', 'attacker.example:PORT', 'rebind.attacker.example:PORT', '127.0.0.1:1', 'localhost.attacker.example:PORT']

  describe('the portal answers only to the names it is configured for', () => {
    test('a foreign Host is refused with 421 on pages, the API and assets, before any route runs', async () => {
      h = await portalHarness({ dialect })
      const port = h.port
      for (const template of FOREIGN_HOSTS) {
        const host = template.replace('PORT', String(port))
        for (const [method, path, body] of [
          ['GET', '/sign-in'],
          ['GET', '/'],
          ['GET', '/api/csrf'],
          ['GET', '/api/me'],
          ['GET', '/assets/portal.js'],
          ['POST', '/api/sign-in', JSON.stringify({ username: 'joefake', password: 'a-guess-that-would-count' })],
        ] as const) {
          const answer = await send(port, host, method, path, body)
          expect(answer, `${method} ${path} with Host ${host}`).toMatchObject({ status: 421, text: 'Misdirected request: this portal does not answer to that address.' })
          expect(answer.type).toMatch(/^text\/plain/)
          // No route ran: no CSRF secret or session was handed out.
          expect(answer.setCookie).toEqual([])
        }
      }
      // Nothing reached sign-in, so nothing was audited.
      expect(await h.db.selectFrom('audit_events').select('action').where('action', 'like', 'portal.%').execute()).toEqual([])
    })

    test('the listen address, localhost and the public URL are served; the same names on another port are not', async () => {
      h = await portalHarness({ dialect, publicUrl: 'https://portal.practice.example/' })
      const port = h.port
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, 'portal.practice.example', 'portal.practice.example:443']) {
        expect((await send(port, host, 'GET', '/sign-in')).status, host).toBe(200)
        expect((await send(port, host, 'GET', '/api/csrf')).status, host).toBe(200)
      }
      for (const host of [`127.0.0.1:${port + 1}`, 'portal.practice.example:8443', 'practice.example']) {
        expect((await send(port, host, 'GET', '/sign-in')).status, host).toBe(421)
      }
    })

    test('listening on every interface, the machine’s own addresses are served, and still nothing else', async () => {
      h = await portalHarness({ dialect, host: '0.0.0.0' })
      const port = h.port
      const own = Object.values(networkInterfaces())
        .flat()
        .filter((net) => net?.family === 'IPv4')
        .map((net) => net!.address)
      expect(own).toContain('127.0.0.1')
      for (const address of own) expect((await send(port, `${address}:${port}`, 'GET', '/sign-in')).status, address).toBe(200)
      expect((await send(port, `localhost:${port}`, 'GET', '/sign-in')).status).toBe(200)
      expect((await send(port, `attacker.example:${port}`, 'GET', '/sign-in')).status).toBe(421)
      expect((await send(port, `10.254.254.254:${port}`, 'GET', '/sign-in')).status).toBe(421)
    })
  })
})
