import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ClientFormValues } from '../../shared/client-input'
import type { ClientDetail } from '../../shared/dto'
import { type ApiError, ERROR_CODES, type Result } from '../../shared/errors'
import { type PortalResponse, portalHarness } from '../support/portal-harness'
import { tempDatabase } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'
import { channelCalls } from '../support/channel-calls'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  /**
   * The issue: "Strings with NUL, lone surrogates, RTL-override characters, 1 MB of text or SQL
   * metacharacters are either rejected with a clear message or stored and returned exactly."
   */
  const HOSTILE = {
    'a NUL character': 'a\u0000b',
    'a lone high surrogate': '\uD800x',
    'a lone low surrogate': 'x\uDC00',
    'a right-to-left override': '\u202Egnp.exe',
    'a byte-order mark and a zero-width joiner': '\uFEFFAva\u200D',
    'SQL that tries to drop the clients table': "Robert'); DROP TABLE clients;--",
    'LIKE wildcards and a backslash': '%_\\',
    'an emoji with a skin tone and joiners': 'Zoë 👩🏽‍⚕️',
    'stacked combining marks': 'Z\u0351\u0300\u036Ba\u0489l\u0336g\u0335o',
    '1 MB of text': 'x'.repeat(1024 * 1024),
  } as const
  type Hostile = keyof typeof HOSTILE
  const HOSTILE_NAMES = Object.keys(HOSTILE) as Hostile[]

  type TextField = 'firstName' | 'lastName' | 'preferredName' | 'email' | 'phone'
  const TEXT_FIELDS: TextField[] = ['firstName', 'lastName', 'preferredName', 'email', 'phone']

  const KEPT = 'kept exactly'
  const REFUSED = expect.stringMatching(/^refused: \S/)
  /** What the issue allows for any string: a clear refusal, or the very same string back. */
  const REFUSED_OR_KEPT = expect.stringMatching(/^(kept exactly|refused: \S.*)$/s)

  /** Lone surrogates: SQLite stores UTF-8, which cannot hold them, so the only honest answer is a refusal. */
  const SURROGATES: Hostile[] = ['a lone high surrogate', 'a lone low surrogate']
  /** The rest are each tried in every field. */
  const OTHERS = HOSTILE_NAMES.filter((name) => !SURROGATES.includes(name))

  /** What the desk does with each of the others, field by field. */
  function expectedOutcomes(field: TextField): Record<string, unknown> {
    if (field === 'email' || field === 'phone') return Object.fromEntries(OTHERS.map((name) => [name, REFUSED]))
    const label = { firstName: 'First name', lastName: 'Last name', preferredName: 'Preferred name' }[field]
    return {
      // A NUL can't be searched for (SQLite's LIKE stops at it), so names refuse control characters.
      'a NUL character': `refused: ${label} contains a character Portico can’t store (a control character or a broken symbol). Retype it.`,
      'a right-to-left override': KEPT,
      'a byte-order mark and a zero-width joiner': KEPT,
      'SQL that tries to drop the clients table': KEPT,
      'LIKE wildcards and a backslash': KEPT,
      'an emoji with a skin tone and joiners': KEPT,
      'stacked combining marks': KEPT,
      '1 MB of text': `refused: ${label} can be at most 100 characters.`,
    }
  }

  const plainClient: ClientFormValues = { firstName: 'Mia', lastName: 'Okafor', preferredName: '', dateOfBirth: '1990-04-05', email: '', phone: '' }

  let t: Awaited<ReturnType<typeof tempDatabase>>
  let demoBefore: unknown[]
  let tablesBefore: string[]

  const tableNames = async () => (await t.db.introspection.getTables({ withInternalKyselyTables: true })).map((table) => table.name).sort()
  const demoClients = () => t.db.selectFrom('clients').selectAll().where('id', '<=', 200).orderBy('id').execute()

  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
    demoBefore = await demoClients()
    tablesBefore = await tableNames()
  })
  afterEach(async () => t.close())

  const { call, ok } = channelCalls(() => t.db)

  /** A refusal is clear when it is INVALID_INPUT with a message, and names only the field at fault. */
  function refusal(result: { ok: false; error: ApiError }, field: string): string {
    const { code, message, fields } = result.error
    const own = fields?.length === 1 && fields[0]!.field === field ? fields[0]!.message : ''
    return code === 'INVALID_INPUT' && message.trim() && own.trim() ? `refused: ${own}` : `refused unclearly: ${JSON.stringify(result.error)}`
  }

  /** What became of `value` in `field`: refused, or how the saved client reads it back. */
  async function outcome(result: Result<ClientDetail>, field: TextField, value: string): Promise<string> {
    if (!result.ok) return refusal(result, field)
    const reread = await ok('getClient', { clientId: result.value.id })
    if (result.value[field] === value.trim() && reread[field] === value.trim()) return KEPT
    return `changed to ${visible(reread[field] ?? null)}`
  }

  /** A string with every code unit outside printable ASCII spelled out, so a failure shows what changed. */
  const visible = (text: string | null) =>
    text === null ? 'null' : `"${text.slice(0, 80).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}"`

  /** The demo practice is all there, unchanged, and SQLite finds nothing wrong with the file. */
  async function expectDatabaseIntact() {
    // SQLite's own check of the file; a server checks its pages itself.
    if (dialect === 'sqlite') expect((await sql<{ integrity_check: string }>`pragma integrity_check`.execute(t.db)).rows).toEqual([{ integrity_check: 'ok' }])
    expect(await tableNames()).toEqual(tablesBefore)
    expect(await demoClients()).toEqual(demoBefore)
  }

  describe('hostile strings at the desk', () => {
    test.each(TEXT_FIELDS)('in a new client’s %s they are refused with a message for that field, or saved and read back exactly', async (field) => {
      const outcomes: Record<string, string> = {}
      for (const name of OTHERS) {
        const before = (await ok('listClients', { query: '' })).total
        const result = await call('createClient', { client: { ...plainClient, [field]: HOSTILE[name] } })
        outcomes[name] = await outcome(result, field, HOSTILE[name])
        if (!result.ok) expect((await ok('listClients', { query: '' })).total).toBe(before)
      }
      expect(outcomes).toEqual(expectedOutcomes(field))
      await expectDatabaseIntact()
    })

    test.each(TEXT_FIELDS)('in an edit of a client’s %s they are refused with nothing changed, or saved and read back exactly', async (field) => {
      const outcomes: Record<string, string> = {}
      for (const name of OTHERS) {
        const { id } = await ok('createClient', { client: plainClient })
        const before = await ok('getClient', { clientId: id })
        const result = await call('updateClient', { clientId: id, client: { ...plainClient, [field]: HOSTILE[name] } })
        outcomes[name] = await outcome(result, field, HOSTILE[name])
        if (!result.ok) expect(await ok('getClient', { clientId: id })).toEqual(before)
      }
      expect(outcomes).toEqual(expectedOutcomes(field))
      await expectDatabaseIntact()
    })

    test('a lone surrogate in any text field is refused with a message for that field, never saved as something else', async () => {
      const outcomes: Record<string, string> = {}
      for (const field of TEXT_FIELDS) {
        for (const name of SURROGATES) {
          outcomes[`${name} in a new client’s ${field}`] = await outcome(await call('createClient', { client: { ...plainClient, [field]: HOSTILE[name] } }), field, HOSTILE[name])
          const { id } = await ok('createClient', { client: plainClient })
          outcomes[`${name} in an edit of ${field}`] = await outcome(await call('updateClient', { clientId: id, client: { ...plainClient, [field]: HOSTILE[name] } }), field, HOSTILE[name])
        }
      }
      expect(outcomes).toEqual(Object.fromEntries(Object.keys(outcomes).map((key) => [key, REFUSED_OR_KEPT])))
      await expectDatabaseIntact()
    })

    test('as a search they are refused with a message, or find exactly the client whose name holds them', async () => {
      const FOUND = 'finds exactly the client that holds it'
      const FOUND_OR_REFUSED = expect.stringMatching(/^(finds exactly the client that holds it|refused: \S.*)$/s)
      const holders = new Map<Hostile, number>()
      for (const name of HOSTILE_NAMES) {
        const created = await call('createClient', { client: { ...plainClient, firstName: HOSTILE[name] } })
        if (created.ok) holders.set(name, created.value.id)
      }
      const outcomes: Record<string, string> = {}
      for (const name of HOSTILE_NAMES) {
        const result = await call('listClients', { query: HOSTILE[name], limit: 500 })
        if (!result.ok) {
          outcomes[name] = refusal(result, 'query')
          continue
        }
        const found = result.value.items.map((c) => c.id)
        const holder = holders.get(name)
        const exact = holder === undefined ? found.length === 0 : found.length === 1 && found[0] === holder
        outcomes[name] = exact ? FOUND : `finds ${found.length} clients: ${found.slice(0, 8).join(', ')}${found.length > 8 ? ', …' : ''}`
      }
      expect(outcomes).toEqual({
        'a NUL character': FOUND_OR_REFUSED,
        'a lone high surrogate': FOUND_OR_REFUSED,
        'a lone low surrogate': FOUND_OR_REFUSED,
        'a right-to-left override': FOUND,
        'a byte-order mark and a zero-width joiner': FOUND,
        'SQL that tries to drop the clients table': FOUND,
        'LIKE wildcards and a backslash': FOUND,
        'an emoji with a skin tone and joiners': FOUND,
        'stacked combining marks': FOUND,
        '1 MB of text': REFUSED,
      })
      await expectDatabaseIntact()
    })

    test('SQL typed into every field and into the search does nothing to the database', async () => {
      const injection = HOSTILE['SQL that tries to drop the clients table']
      const created = await ok('createClient', { client: { ...plainClient, firstName: injection, lastName: injection, preferredName: injection } })
      expect(await call('createClient', { client: { ...plainClient, email: `${injection}@example.com`, phone: injection } })).toMatchObject({ ok: false })
      await ok('updateClient', { clientId: created.id, client: { ...plainClient, lastName: `x'); DELETE FROM clients;--` } })
      for (const query of [injection, `' OR 1=1 --`, `%' OR '1'='1`, `"; DROP TABLE portal_accounts; --`]) await ok('listClients', { query })
      expect((await ok('listClients', { query: '' })).total).toBe(201)
      await expectDatabaseIntact()
    })
  })

  const PASSPHRASE = 'harbour-lantern-kowhai-tui'
  const NO_SUCH_CODE = 'AAAA-BBBB-CCCC'

  type Harness = Awaited<ReturnType<typeof portalHarness>>
  /** Each form with a body that is right in every field but the hostile one. */
  const PORTAL_FIELDS: { path: string; field: string; body: (h: Harness) => Promise<Record<string, string>> }[] = [
    { path: '/api/sign-in', field: 'username', body: async () => ({ password: PASSPHRASE }) },
    { path: '/api/sign-in', field: 'password', body: async () => ({ username: 'no.such.client' }) },
    { path: '/api/activate', field: 'code', body: async () => ({ dateOfBirth: '1990-04-05', username: 'brand.new', password: PASSPHRASE }) },
    // With a real invite and date of birth, so the username itself is what gets judged.
    { path: '/api/activate', field: 'username', body: async (h) => ({ ...(await realInvite(h)), password: PASSPHRASE }) },
    { path: '/api/activate', field: 'password', body: async () => ({ code: NO_SUCH_CODE, dateOfBirth: '1990-04-05', username: 'brand.new' }) },
    { path: '/api/reset-password', field: 'username', body: async () => ({ code: NO_SUCH_CODE, newPassword: PASSPHRASE }) },
    { path: '/api/reset-password', field: 'code', body: async () => ({ username: 'joefake', newPassword: PASSPHRASE }) },
    { path: '/api/reset-password', field: 'newPassword', body: async () => ({ username: 'no.such.client', code: NO_SUCH_CODE }) },
  ]

  async function realInvite(h: Harness) {
    const clientId = await h.clientId('ava nguyen')
    const { dateOfBirth } = await h.desk('getClient', { clientId })
    return { code: (await h.desk('sendPortalInvite', { clientId })).code, dateOfBirth }
  }

  /** Whether a portal answer is a 4xx carrying the error envelope; otherwise what came instead. */
  function portalAnswer({ status, body }: PortalResponse): string {
    const enveloped = body.ok === false && (ERROR_CODES as readonly string[]).includes(body.error?.code ?? '') && /\S/.test(body.error?.message ?? '')
    return status >= 400 && status < 500 && enveloped ? '4xx envelope' : `${status} ${JSON.stringify(body).slice(0, 200)}`
  }

  describe('hostile strings at the portal', () => {
    let h: Harness
    beforeEach(async () => {
      h = await portalHarness({ dialect })
    })
    afterEach(async () => h.close())

    /** The portal refuses any body over 16 kB before reading it; 1 MB is tried on its own below. */
    const FITTING = HOSTILE_NAMES.filter((name) => name !== '1 MB of text')

    test.each(PORTAL_FIELDS)('$path with each one as its $field answers 4xx with the error envelope, and keeps answering', async ({ path, field, body }) => {
      const browser = h.browser()
      const rest = await body(h)
      const answers: Record<string, string> = {}
      for (const name of FITTING) answers[name] = portalAnswer(await browser.post(path, { ...rest, [field]: HOSTILE[name] }))
      expect(answers).toEqual(Object.fromEntries(FITTING.map((name) => [name, '4xx envelope'])))
      expect(await browser.get('/api/csrf')).toMatchObject({ status: 200, body: { ok: true } })
      expect(await h.db.selectFrom('portal_sessions').selectAll().execute()).toEqual([])
    })

    test('1 MB in any field of any form is refused as too large with the error envelope, and the portal keeps answering', async () => {
      const browser = h.browser()
      const answers: Record<string, string> = {}
      for (const { path, field, body } of PORTAL_FIELDS) {
        answers[`${path} ${field}`] = portalAnswer(await browser.post(path, { ...(await body(h)), [field]: HOSTILE['1 MB of text'] }))
      }
      expect(answers).toEqual(Object.fromEntries(PORTAL_FIELDS.map(({ path, field }) => [`${path} ${field}`, '4xx envelope'])))
      expect(await browser.get('/api/csrf')).toMatchObject({ status: 200, body: { ok: true } })
    })
  })
})
