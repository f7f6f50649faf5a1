import { afterEach, describe, expect, test } from 'vitest'
import { ChainKey } from '../../db/audit/chain-key'
import { chainSealOf } from '../../db/audit/chain-seal'
import type { AnchorStore, ChainHead } from '../../db/audit/chain-head'
import { startHeadRecorder } from '../../db/audit/head-recorder'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import type { DataLayer, HandlerContext } from '../../electron/main/context'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

const ROWS = 25_000
const base64 = (text: string) => Buffer.from(text).toString('base64')
/** One turn of the event loop, as the desk's progress timer gives the import between polls. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve))

describe.each(DIALECTS)('the desk during an import on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  test('a search, a list page and a profile answer while a large import is written; a change made meanwhile is saved after it; the chain holds', { timeout: 180_000 }, async () => {
    const t = await tempDatabase({ dialect })
    cleanups.push(() => t.close())
    // A keyed practice, as every desk is: the import's events must be sealed with its key.
    const key = ChainKey.generate()
    chainSealOf(t.db)!.key = key
    const ctx: HandlerContext = { ...testContext(t.db), data: { store: t.store } as DataLayer }
    const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
    const ok = async <K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
      const result = await call(channel, input)
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
      return result.value
    }
    // The desk records the chain's head outside the database as events are appended (see startHeadRecorder).
    const recorded: ChainHead[] = []
    const anchors: AnchorStore = { where: 'memory', read: () => null, write: (head) => void recorded.push(head), practiceOf: () => null, rememberDatabase: () => {} }
    const recorder = startHeadRecorder({ db: t.db, store: anchors, practiceId: key.practiceId, head: (await verifyAuditChain(t.db, { key })).head, now: () => new Date(), log: () => {}, delayMs: 10 })
    const here = await ok('createClient', { client: { firstName: 'Maren', lastName: 'Holloway', dateOfBirth: '1975-06-01', preferredName: '', email: '', phone: '' } })

    const lines = Array.from({ length: ROWS }, (_, i) => `Imported${String(i)},Fairweather,1980-01-${String((i % 28) + 1).padStart(2, '0')}`)
    const check = await ok('checkClientImport', { fileName: 'old-system.csv', data: base64(`first_name,last_name,date_of_birth\n${lines.join('\n')}\n`) })
    expect(check.ready).toBe(ROWS)
    const token = check.token!

    let settled = false
    const importing = call('runClientImport', { token, skipDuplicates: false }).finally(() => (settled = true))
    let progress = await ok('getClientImportProgress', { token })
    while (progress.done === 0 && !settled) progress = await turn().then(() => ok('getClientImportProgress', { token }))
    expect(progress).toMatchObject({ total: ROWS, running: true })

    // Reads answer while the import is still being written, and see none of its uncommitted rows.
    const asked = performance.now()
    const [search, page, profile] = await Promise.all([
      ok('listClients', { query: 'Fairweather' }),
      ok('listClients', { query: '', limit: 50 }),
      ok('getClient', { clientId: here.id }),
    ])
    const answeredIn = performance.now() - asked
    expect(settled).toBe(false)
    expect((await ok('getClientImportProgress', { token })).running).toBe(true)
    expect(search.items).toEqual([])
    expect(page.items.map((c) => c.lastName)).toEqual(['Holloway'])
    expect(profile.firstName).toBe('Maren')
    // The profile's view event waits for the import; admins are told why, not that the database is out of reach.
    expect(ctx.pendingAudits.size).toBeGreaterThan(0)
    expect((await ok('getSession', {})).pendingAuditWarning).toMatch(/waiting to be saved until the import being written finishes\.$/)
    console.log(`${dialect}: a search, a list page and a profile asked during a ${ROWS.toLocaleString('en-US')}-client import answered in ${answeredIn.toFixed(0)} ms`)

    // A change made meanwhile waits for the import (never failing), then is saved.
    const renaming = ok('updateClient', { clientId: here.id, client: { firstName: 'Marenka', lastName: 'Holloway', dateOfBirth: '1975-06-01', preferredName: '', email: '', phone: '' } })
    expect(await importing).toMatchObject({ ok: true, value: { imported: ROWS } })
    expect((await renaming).firstName).toBe('Marenka')
    expect((await ok('listClients', { query: 'Fairweather', limit: 500 })).items).toHaveLength(500)

    // A view recorded while the import held the write waits its turn (see PendingAudits); it is written now.
    await ctx.pendingAudits.flush()
    // The chain verifies with the key, and the desk's remembered head is the chain's last event.
    await recorder.stop()
    const report = await verifyAuditChain(t.db, { key, expectKeyed: true, anchors: recorded.map((head) => ({ head, source: 'memory' })) })
    expect(report).toMatchObject({ ok: true })
    const last = await t.db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
    expect(report.head).toMatchObject({ lastId: last.id, hash: last.hash })
    // As the start-up check will find it: the last head recorded is the chain's, counted right.
    expect(recorded.at(-1)).toMatchObject(report.head)
    expect(chainSealOf(t.db)!.head).toMatchObject({ id: last.id, hash: last.hash })
    const actions = await t.db.selectFrom('audit_events').select('action').where('action', 'in', ['client.view', 'client.update', 'clients.import']).orderBy('id').execute()
    expect(actions.map((a) => a.action).sort()).toEqual(['client.update', 'client.view', 'clients.import'])
  })

  test('a hold begun during an import (the practice being copied to a server) rolls the import back: nothing lands after the copy', { timeout: 120_000 }, async () => {
    const t = await tempDatabase({ dialect })
    cleanups.push(() => t.close())
    const ctx: HandlerContext = { ...testContext(t.db), data: { store: t.store } as DataLayer }
    const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
    const lines = Array.from({ length: ROWS }, (_, i) => `Held${String(i)},Fairweather,1980-01-${String((i % 28) + 1).padStart(2, '0')}`)
    const check = await call('checkClientImport', { fileName: 'old-system.csv', data: base64(`first_name,last_name,date_of_birth\n${lines.join('\n')}\n`) })
    if (!check.ok) throw new Error(check.error.message)
    const token = check.value.token!
    const events = async () => Number((await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
    const before = await events()

    let settled = false
    const importing = call('runClientImport', { token, skipDuplicates: false }).finally(() => (settled = true))
    const progress = async () => {
      const p = await call('getClientImportProgress', { token })
      return p.ok ? p.value.done : 0
    }
    while ((await progress()) === 0 && !settled) await turn()
    expect(settled).toBe(false)
    chainSealOf(t.db)!.held = 'The practice is being copied to a server.'
    expect(await importing).toMatchObject({ ok: false, error: { message: 'The practice is being copied to a server.' } })
    chainSealOf(t.db)!.held = null
    expect(await t.db.selectFrom('clients').select('id').where('last_name', '=', 'Fairweather').execute()).toEqual([])
    expect(await events()).toBe(before)
  })
})
