import { request } from 'node:http'
import { createServer } from 'node:net'
import fc from 'fast-check'
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { ERROR_CODES } from '../../shared/errors'
import { ActivateBody, ChangeUsernameBody, ResetPasswordBody, SignInBody } from '../../shared/portal-api'
import { portalBrowser, portalHarness } from '../support/portal-harness'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * "The same fuzzing runs against the portal's HTTP forms." Arbitrary and near-miss bodies, raw
   * non-JSON bodies and wrong content types go to every form over real HTTP. Each must be refused
   * with a 4xx and the error envelope, write nothing but audit events (and the sign-in throttle's
   * count of failed attempts), and leave the portal serving.
   */

  /** 413 is the fitting answer to a body over the 16 kB limit; the rest are the envelope's statuses. */
  const REFUSAL_STATUSES = [400, 401, 403, 409, 410, 413, 415, 423, 429]
  const PASSPHRASE = 'harbour-lantern-kowhai-tui'

  type Harness = Awaited<ReturnType<typeof portalHarness>>
  let h: Harness
  beforeEach(async () => {
    // Hundreds of requests a minute, from as many addresses: over the whole portal's ceiling, which
    // is not what these tests are about (tests/integration/portal-lockout.test.ts is).
    h = await portalHarness({ dialect, attemptLimits: { portalPerMinute: 100_000 } })
  })
  afterEach(async () => h.close())

  /**
   * The rate limiter allows 20 attempts a minute per address, across the forms. Where the machine answers
   * on all of 127.0.0.0/8 (Linux does), each fuzzed request comes from an address of its own, so
   * every answer is the form's own rather than a 429. Elsewhere they all come from 127.0.0.1.
   */
  let ownAddresses = false
  let requestsSent = 0
  beforeAll(async () => {
    ownAddresses = await new Promise<boolean>((resolve) => {
      const probe = createServer()
      probe.once('error', () => resolve(false))
      probe.listen(0, '127.0.0.2', () => probe.close(() => resolve(true)))
    })
  })
  function nextAddress(): string {
    if (!ownAddresses) return '127.0.0.1'
    const n = requestsSent++
    return `127.${1 + Math.floor(n / (254 * 256))}.${Math.floor(n / 254) % 256}.${1 + (n % 254)}`
  }

  interface Browser {
    cookie: string
    csrf: string
  }
  interface Answer {
    status: number
    text: string
  }

  /** A raw request: any body, any content type, with the browser's cookies and CSRF token. */
  function send(method: 'GET' | 'POST', path: string, browser: Browser, options: { body?: string | Uint8Array; contentType?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = { cookie: browser.cookie }
    if (method === 'POST') headers['x-csrf-token'] = browser.csrf
    if (options.contentType !== undefined) headers['content-type'] = options.contentType
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, h.base), { method, headers, localAddress: nextAddress() }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }))
      })
      req.on('error', reject)
      req.end(options.body)
    })
  }

  /** A refusal: a 4xx, JSON, `ok: false`, a known error code and a message. */
  function expectRefusal(answer: Answer): void {
    expect(REFUSAL_STATUSES, `${answer.status} ${answer.text.slice(0, 300)}`).toContain(answer.status)
    const body = JSON.parse(answer.text) as { ok?: unknown; error?: { code?: unknown; message?: unknown } }
    expect(body.ok).toBe(false)
    expect(ERROR_CODES).toContain(body.error?.code)
    expect(body.error?.message).toEqual(expect.stringMatching(/\S/))
  }

  async function browserOf(browser: ReturnType<typeof portalBrowser>): Promise<Browser> {
    const csrf = ((await browser.get('/api/csrf')).body.value as { token: string }).token
    return { cookie: await browser.jar.getCookieString(h.base), csrf }
  }

  /** Joe, signed in to the portal after a desk-issued password reset. */
  async function signedInJoe(): Promise<Browser> {
    const clientId = await h.clientId('joefake')
    await h.browser().post('/api/reset-password', { username: 'joefake', code: (await h.desk('sendPasswordReset', { clientId })).code, newPassword: PASSPHRASE })
    const browser = h.browser()
    expect((await browser.signIn('joefake', PASSPHRASE)).status).toBe(200)
    return browserOf(browser)
  }

  /** Everything but the audit trail; sessions by identity, since each request moves `last_seen_at`. */
  async function savedData() {
    return {
      clients: await h.db.selectFrom('clients').selectAll().orderBy('id').execute(),
      accounts: await h.db.selectFrom('portal_accounts').selectAll().orderBy('client_id').execute(),
      invites: await h.db.selectFrom('portal_invites').selectAll().orderBy('id').execute(),
      resets: await h.db.selectFrom('portal_password_resets').selectAll().orderBy('id').execute(),
      sessions: await h.db.selectFrom('portal_sessions').select(['id', 'client_id', 'token_hash']).orderBy('id').execute(),
      staff: await h.db.selectFrom('staff_accounts').selectAll().orderBy('id').execute(),
      settings: await h.db.selectFrom('settings').selectAll().orderBy('key').execute(),
    }
  }

  /** Afterwards: nothing saved changed, the portal still hands out CSRF tokens, and the limiter let the form itself answer. */
  async function expectUnharmed(before: Awaited<ReturnType<typeof savedData>>, statuses: number[]) {
    expect(await savedData()).toEqual(before)
    const csrf = await fetch(new URL('/api/csrf', h.base))
    expect(csrf.status).toBe(200)
    expect(await csrf.json()).toMatchObject({ ok: true, value: { token: expect.any(String) } })
    expect(statuses.slice(0, 15)).not.toContain(429)
    if (ownAddresses) expect(statuses).not.toContain(429)
  }

  // Strings of every size up to ~20 kB, so some bodies go over the portal's 16 kB limit.
  const hugeText = fc
    .tuple(fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }), fc.integer({ min: 200, max: 20_000 }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length))
  const plausibleText = fc.oneof(
    fc.string({ maxLength: 60, unit: 'grapheme' }),
    fc.constantFrom('', ' ', 'AAAA-BBBB-CCCC', '1990-04-05', 'no.such.client', PASSPHRASE, '\u0000', '\uD800', '\u202E'),
  )
  const wrongType = fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string()), fc.object({ maxDepth: 1 }))
  const anyValue = fc.oneof(plausibleText, wrongType, hugeText)
  const extraKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', ''), fc.string({ maxLength: 20 }))

  /** Shaped like the form's body, but with wrong types, missing or extra keys, huge strings; or anything at all. */
  function nearMisses(keys: string[]) {
    const shaped = fc.record(Object.fromEntries(keys.map((key) => [key, anyValue])), { requiredKeys: [] })
    return fc.oneof(
      fc.anything(),
      shaped,
      fc.tuple(shaped, fc.dictionary(extraKey, fc.anything(), { minKeys: 1, maxKeys: 3 })).map(([body, extra]) => ({ ...body, ...extra })),
      fc.array(shaped, { maxLength: 3 }),
      fc.constant(null),
    )
  }

  /**
   * Whether the server would see a well-formed body: judged on the JSON actually sent, since
   * JSON.stringify drops keys whose value is undefined (an extra `{ x: undefined }` key makes the
   * object malformed here but the body well-formed there).
   */
  function wellFormedOnTheWire(schema: typeof SignInBody | typeof ChangeUsernameBody, body: unknown): boolean {
    const text = JSON.stringify(body) as string | undefined
    return text !== undefined && schema.safeParse(JSON.parse(text)).success
  }

  /**
   * The forms. Sign-in and the username change never get a well-formed body: each would cost a
   * ~270 ms password check, and a wrong current password counts towards Joe's lockout.
   */
  const FORMS = [
    { path: '/api/activate', signedIn: false, bodies: nearMisses(Object.keys(ActivateBody.shape)) },
    { path: '/api/sign-in', signedIn: false, bodies: nearMisses(Object.keys(SignInBody.shape)).filter((b) => !wellFormedOnTheWire(SignInBody, b)) },
    { path: '/api/reset-password', signedIn: false, bodies: nearMisses(Object.keys(ResetPasswordBody.shape)) },
    { path: '/api/profile/username', signedIn: true, bodies: nearMisses(Object.keys(ChangeUsernameBody.shape)).filter((b) => !wellFormedOnTheWire(ChangeUsernameBody, b)) },
  ]

  const CONTENT_TYPES = [
    undefined,
    '',
    'text/plain',
    'text/html; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
    'application/xml',
    'application/json',
    'application/json; charset=utf-16',
    'application/vnd.api+json',
    'application/jsonx',
    '*/*',
    '////',
  ]
  /** Bytes that are not a JSON body: text, binary, truncated or doubled JSON, and form encodings. */
  const rawBody = fc.oneof(
    fc.string({ maxLength: 200, unit: 'binary' }),
    fc.uint8Array({ maxLength: 300 }),
    fc.json().map((json) => json.slice(0, Math.max(0, json.length - 1))),
    fc.json().map((json) => `${json}${json}`),
    fc.constantFrom('', 'null', '{', '{"username":', 'username=joefake&password=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', '{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}'),
  )
  /** Raw bodies that happen to be a valid sign-in or username change are left out, as above. */
  const wellFormed = (path: string, body: string | Uint8Array) => {
    if (typeof body !== 'string' || (path !== '/api/sign-in' && path !== '/api/profile/username')) return false
    try {
      return (path === '/api/sign-in' ? SignInBody : ChangeUsernameBody).safeParse(JSON.parse(body)).success
    } catch {
      return false
    }
  }

  /**
   * Shrinking a failure can take thousands of requests, so a property stops after 5 s (on a slow
   * machine, with fewer runs). The report folds long repeats of a few characters, so that a 16 kB
   * counterexample stays readable.
   */
  function fuzz<Ts extends unknown[]>(numRuns: number): fc.Parameters<Ts> {
    return {
      numRuns,
      interruptAfterTimeLimit: 5000,
      reporter: (details) => {
        if (!details.failed) return
        const report = (fc.defaultReportMessage(details) ?? 'The property failed.').replace(/(.{1,4}?)\1{20,}/gsu, (run, unit: string) => `${unit}…(×${run.length / unit.length})`)
        throw new Error(report, { cause: details.errorInstance })
      },
    }
  }

  describe('fuzzing the portal’s forms', () => {
    test.each(FORMS)('$path refuses 200 arbitrary and near-miss JSON bodies with a 4xx envelope, saves nothing and keeps answering', async ({ path, signedIn, bodies }) => {
      const browser = signedIn ? await signedInJoe() : await browserOf(h.browser())
      const before = await savedData()
      const statuses: number[] = []
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const text = JSON.stringify(body) as string | undefined
          const answer = await send('POST', path, browser, { contentType: 'application/json', ...(text === undefined ? {} : { body: text }) })
          statuses.push(answer.status)
          expectRefusal(answer)
        }),
        fuzz(200),
      )
      await expectUnharmed(before, statuses)
    })

    test.each(FORMS)('$path refuses raw non-JSON bodies and wrong content types the same way', async ({ path, signedIn }) => {
      const browser = signedIn ? await signedInJoe() : await browserOf(h.browser())
      const before = await savedData()
      const statuses: number[] = []
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...CONTENT_TYPES),
          rawBody.filter((body) => !wellFormed(path, body)),
          async (contentType, body) => {
            const answer = await send('POST', path, browser, { body, ...(contentType === undefined ? {} : { contentType }) })
            statuses.push(answer.status)
            expectRefusal(answer)
          },
        ),
        fuzz(100),
      )
      await expectUnharmed(before, statuses)
    })

    test('the live username check refuses 200 malformed queries from a signed-in client with a 4xx envelope', async () => {
      const browser = await signedInJoe()
      const before = await savedData()
      const text = fc.oneof(fc.string({ maxLength: 40, unit: 'grapheme' }), fc.constantFrom('', 'joefake', 'SamRivera', '\u0000', '%ZZ'))
      const otherKey = extraKey.filter((key) => key !== 'username')
      const pairs = fc.oneof(
        // An unknown key beside the username (or without one).
        fc.tuple(fc.option(text), fc.array(fc.tuple(otherKey, text), { minLength: 1, maxLength: 3 })).map(([username, extra]) => [...(username === null ? [] : [['username', username]]), ...extra]),
        // The username more than once: an array.
        fc.array(text, { minLength: 2, maxLength: 4 }).map((names) => names.map((name) => ['username', name])),
        // A username over 200 characters.
        fc.string({ minLength: 201, maxLength: 600 }).map((name) => [['username', name]]),
        // No username at all.
        fc.constant([]),
      )
      // Raw, possibly broken percent-encoding, after a repeated username so the query stays invalid.
      const raw = fc.string({ maxLength: 40, unit: fc.constantFrom('%', 'Z', 'F', '0', 'E', '=', '&', '[', ']', '+', ';', '.', '~', 'u', '!', "'", '(', ')') })
      const queries = fc.oneof(
        pairs.map((entries) => entries.map(([key, value]) => `${encodeURIComponent(key!)}=${encodeURIComponent(value!)}`).join('&')),
        raw.map((tail) => `username=a&username=b&${tail}`),
      )
      const statuses: number[] = []
      await fc.assert(
        fc.asyncProperty(queries, async (query) => {
          const answer = await send('GET', `/api/username-available?${query}`, browser)
          statuses.push(answer.status)
          expectRefusal(answer)
        }),
        fuzz(200),
      )
      await expectUnharmed(before, statuses)
    })
  })
})
