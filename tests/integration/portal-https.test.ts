import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { afterEach, describe, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'
import { selfSignedCertificate } from '../support/self-signed'
import { tempDir } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'

describe.each(DIALECTS)('on %s', (dialect) => {

  let h: Awaited<ReturnType<typeof portalHarness>> | undefined
  const cleanups: (() => void)[] = []
  afterEach(async () => {
    await h?.close()
    h = undefined
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  function certificate() {
    const { dir, cleanup } = tempDir('portico-tls-')
    cleanups.push(cleanup)
    return selfSignedCertificate(dir)
  }

  interface Answer {
    status: number
    headers: Record<string, string | string[] | undefined>
    setCookie: string[]
    text: string
  }

  /** One request over HTTPS (trusting only the given certificate) or plain HTTP. */
  function send(options: { port: number; path: string; method?: 'GET' | 'POST'; ca?: string; headers?: Record<string, string>; body?: string }): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const base = { host: '127.0.0.1', port: options.port, path: options.path, method: options.method ?? 'GET', headers: { ...options.headers } }
      if (options.body !== undefined) base.headers['content-type'] = 'application/json'
      const onResponse = (res: import('node:http').IncomingMessage) => {
        let text = ''
        res.on('data', (chunk: Buffer) => (text += chunk.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, setCookie: res.headers['set-cookie'] ?? [], text }))
      }
      const req = options.ca ? httpsRequest({ ...base, ca: options.ca }, onResponse) : httpRequest(base, onResponse)
      req.on('error', reject)
      req.end(options.body)
    })
  }

  const cookieNamed = (setCookie: string[], name: string) => setCookie.find((c) => c.startsWith(`${name}=`))
  const PASSWORD = 'harbour-lantern-kowhai-tui'

  describe('HTTPS with a certificate and key', () => {
    test('the portal answers over TLS with its certificate, its cookies are Secure and HSTS is sent', { timeout: 30_000 }, async () => {
      const tls = certificate()
      h = await portalHarness({ dialect, tls: { cert: tls.cert, key: tls.key } })
      const page = await send({ port: h.port, path: '/sign-in', ca: tls.cert })
      expect(page.status).toBe(200)
      expect(page.headers['strict-transport-security']).toBe('max-age=15552000')

      const csrf = await send({ port: h.port, path: '/api/csrf', ca: tls.cert })
      expect(cookieNamed(csrf.setCookie, '_csrf')).toMatch(/; Secure/)
      const token = (JSON.parse(csrf.text) as { value: { token: string } }).value.token
      const cookie = cookieNamed(csrf.setCookie, '_csrf')!.split(';')[0]!

      // A client signs in over HTTPS: the session cookie is Secure, HttpOnly and SameSite=Strict.
      const clientId = await h.clientId('joefake')
      const { code } = await h.desk('sendPasswordReset', { clientId })
      const headers = { 'x-csrf-token': token, cookie }
      expect((await send({ port: h.port, path: '/api/reset-password', method: 'POST', ca: tls.cert, headers, body: JSON.stringify({ username: 'joefake', code, newPassword: PASSWORD }) })).status).toBe(200)
      const signIn = await send({ port: h.port, path: '/api/sign-in', method: 'POST', ca: tls.cert, headers, body: JSON.stringify({ username: 'joefake', password: PASSWORD }) })
      expect(signIn.status).toBe(200)
      const session = cookieNamed(signIn.setCookie, 'portico_session')
      expect(session).toMatch(/; Secure/)
      expect(session).toMatch(/; HttpOnly/)
      expect(session).toMatch(/; SameSite=Strict/)
    })

    test('plain HTTP to the HTTPS port gets no portal page', { timeout: 20_000 }, async () => {
      const tls = certificate()
      h = await portalHarness({ dialect, tls: { cert: tls.cert, key: tls.key } })
      const plain = await send({ port: h.port, path: '/sign-in' }).catch((error: unknown) => error)
      if (!(plain instanceof Error)) expect((plain as Answer).text).not.toContain('Client portal')
    })

    test('without a certificate there is no HSTS and cookies are not marked Secure (the desk warns instead)', async () => {
      h = await portalHarness({ dialect })
      const csrf = await send({ port: h.port, path: '/api/csrf' })
      expect(csrf.headers['strict-transport-security']).toBeUndefined()
      expect(cookieNamed(csrf.setCookie, '_csrf')).not.toMatch(/Secure/)
    })
  })

  describe('behind a reverse proxy (--trust-proxy)', () => {
    /** Reset attempts with made-up codes until this device is rate limited; the statuses seen. */
    async function untilLimited(port: number, forwardedFor: string): Promise<number> {
      const csrf = await send({ port, path: '/api/csrf', headers: { 'x-forwarded-for': forwardedFor } })
      const token = (JSON.parse(csrf.text) as { value: { token: string } }).value.token
      const headers = { 'x-csrf-token': token, cookie: cookieNamed(csrf.setCookie, '_csrf')!.split(';')[0]!, 'x-forwarded-for': forwardedFor }
      for (let i = 0; i < 200; i++) {
        const body = JSON.stringify({ username: `nobody${i}`, code: 'AAAA-BBBB-CCCC', newPassword: PASSWORD })
        const answer = await send({ port, path: '/api/reset-password', method: 'POST', headers, body })
        if (answer.status === 429) return i
      }
      throw new Error('never rate limited')
    }

    async function limitedNow(port: number, forwardedFor: string): Promise<boolean> {
      const csrf = await send({ port, path: '/api/csrf', headers: { 'x-forwarded-for': forwardedFor } })
      const token = (JSON.parse(csrf.text) as { value: { token: string } }).value.token
      const headers = { 'x-csrf-token': token, cookie: cookieNamed(csrf.setCookie, '_csrf')!.split(';')[0]!, 'x-forwarded-for': forwardedFor }
      const body = JSON.stringify({ username: 'someone', code: 'AAAA-BBBB-CCCC', newPassword: PASSWORD })
      return (await send({ port, path: '/api/reset-password', method: 'POST', headers, body })).status === 429
    }

    test('the client address the trusted proxy forwards is the one rate limits count', { timeout: 60_000 }, async () => {
      h = await portalHarness({ dialect, trustProxy: '127.0.0.1' })
      await untilLimited(h.port, '203.0.113.7')
      expect(await limitedNow(h.port, '203.0.113.7')).toBe(true)
      // Another client behind the same proxy is not held back by the first one's attempts.
      expect(await limitedNow(h.port, '203.0.113.8')).toBe(false)
    })

    test('without --trust-proxy a forwarded address is ignored: it cannot dodge the limit', { timeout: 60_000 }, async () => {
      h = await portalHarness({ dialect })
      await untilLimited(h.port, '203.0.113.7')
      expect(await limitedNow(h.port, '203.0.113.8')).toBe(true)
    })

    test('X-Forwarded-Proto https from the trusted proxy keeps cookies Secure and sends HSTS; from anyone else it is ignored', async () => {
      h = await portalHarness({ dialect, trustProxy: '10.9.9.9' })
      const untrusted = await send({ port: h.port, path: '/api/csrf', headers: { 'x-forwarded-proto': 'https' } })
      expect(cookieNamed(untrusted.setCookie, '_csrf')).not.toMatch(/Secure/)
      await h.close()

      h = await portalHarness({ dialect, trustProxy: '127.0.0.1' })
      const proxied = await send({ port: h.port, path: '/api/csrf', headers: { 'x-forwarded-proto': 'https' } })
      expect(cookieNamed(proxied.setCookie, '_csrf')).toMatch(/; Secure/)
      expect(proxied.headers['strict-transport-security']).toBe('max-age=15552000')
    })
  })
})
