import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import type { StaffIdentity } from '../../shared/dto'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

/** Counts the statements a Kysely runs that read staff accounts. */
class CountStaffReads implements KyselyPlugin {
  count = 0
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as { kind: string; from?: { froms: { table?: { identifier?: { name: string } } }[] } }
    if (node.kind === 'SelectQueryNode' && node.from?.froms.some((f) => f.table?.identifier?.name === 'staff_accounts')) this.count += 1
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/**
 * Who may call is checked on every call against the staff account as it is now, at whichever desk
 * an admin changed it. On a practice server a desk hears of staff changes from the server (LISTEN),
 * so it reads the caller's account only when something changed, not before every call; admin
 * channels always read it. A file is read in process, so there every call reads it.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let other: Awaited<ReturnType<typeof openDatabase>> | undefined
  afterEach(async () => {
    await other?.db.destroy()
    other = undefined
    await t.close()
  })

  async function twoDesks() {
    t = await tempDatabase({ dialect })
    const add = async (username: string, role: 'admin' | 'front_desk'): Promise<StaffIdentity> => {
      const id = await insertStaff(t.db, { username, usernameKey: username, displayName: `${username} at desk B`, role, passwordHash: 'not-a-usable-hash', now: new Date().toISOString() })
      return { id, username, displayName: `${username} at desk B`, role }
    }
    const robin = await add('robin', 'front_desk')
    const ana = await add('ana', 'admin')
    other = await openDatabase(t.path)
    const reads = new CountStaffReads()
    const deskB = (staff: StaffIdentity) => testContext(other!.db.withPlugin(reads), () => new Date(), staff)
    const deskA = testContext(t.db)
    const call = (ctx: HandlerContext, channel: string, input: unknown) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})
    /** How many times one client-list call at this desk read the caller's account. */
    const accountReadsOfACall = async (ctx: HandlerContext) => {
      const before = reads.count
      await call(ctx, 'listClients', { query: '' })
      return reads.count - before
    }
    return { robin, ana, deskA, deskB, reads, call, accountReadsOfACall }
  }

  test('a front-desk call reads the caller’s account only when it may have changed, and a deactivation at another desk stops the next calls', async () => {
    const { robin, deskA, deskB, reads, call, accountReadsOfACall } = await twoDesks()
    const b = deskB(robin)
    expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: true })
    if (dialect === 'postgres') {
      // Once the desk listens, calls stop reading the account while the server reports no change.
      await expect.poll(() => accountReadsOfACall(b), { timeout: 10_000 }).toBe(0)
      const before = reads.count
      for (let i = 0; i < 5; i++) expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: true })
      expect(reads.count - before).toBe(0)
    } else {
      const before = reads.count
      for (let i = 0; i < 5; i++) expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: true })
      expect(reads.count - before).toBe(5)
    }
    expect(await call(deskA, 'updateStaff', { staffId: robin.id, staff: { displayName: robin.displayName, role: 'front_desk', active: false } })).toMatchObject({ ok: true })
    // At once on a file; on a server as soon as its notice arrives (sent when the change commits).
    await expect.poll(async () => (await call(b, 'listClients', { query: '' })).ok, { timeout: dialect === 'postgres' ? 3_000 : 1 }).toBe(false)
    expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(b.session.staff).toBeNull()
  })

  test('an admin channel always reads the caller’s account: a demotion at another desk refuses the very next admin call', async () => {
    const { ana, deskA, deskB, call } = await twoDesks()
    const b = deskB(ana)
    for (let i = 0; i < 3; i++) expect(await call(b, 'listStaff', {})).toMatchObject({ ok: true })
    expect(await call(deskA, 'updateStaff', { staffId: ana.id, staff: { displayName: ana.displayName, role: 'front_desk', active: true } })).toMatchObject({ ok: true })
    expect(await call(b, 'listStaff', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(b.session.staff).toMatchObject({ id: ana.id, role: 'front_desk' })
  })

  test.runIf(dialect === 'postgres')('a change at this desk that touches no staff account (a portal switch) doesn’t make the next call read the account again; a staff change here does, at once', async () => {
    const { robin, ana, deskB, reads, call, accountReadsOfACall } = await twoDesks()
    const b = deskB(robin)
    await expect.poll(() => accountReadsOfACall(b), { timeout: 10_000 }).toBe(0)
    const created = await call(b, 'createClient', { client: { firstName: 'Ava', lastName: 'Nguyen', preferredName: '', dateOfBirth: '1990-04-02', email: '', phone: '' } })
    expect(created).toMatchObject({ ok: true })
    const clientId = (created as { value: { id: number } }).value.id
    let before = reads.count
    expect(await call(b, 'setPortalAccess', { clientId, enabled: false })).toMatchObject({ ok: true })
    expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: true })
    expect(reads.count - before).toBe(0)
    // This desk's own staff change: its very next call reads the account, without waiting for the notice.
    const admin = deskB(ana)
    expect(await call(admin, 'updateStaff', { staffId: robin.id, staff: { displayName: robin.displayName, role: 'front_desk', active: false } })).toMatchObject({ ok: true })
    before = reads.count
    expect(await call(b, 'listClients', { query: '' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
    expect(reads.count - before).toBe(1)
  })

  test.runIf(dialect === 'postgres')('when the desk stops hearing the server (its listening connection dropped), every call reads the account again until it listens again', async () => {
    const { robin, deskB, accountReadsOfACall } = await twoDesks()
    const b = deskB(robin)
    await expect.poll(() => accountReadsOfACall(b), { timeout: 10_000 }).toBe(0)
    const { rows } = await t.db.executeQuery<{ ended: boolean }>(
      CompiledQuery.raw(`select pg_terminate_backend(pid) as ended from pg_stat_activity where datname = current_database() and query like 'listen portico_%' and pid <> pg_backend_pid()`),
    )
    // Both desks listen: desk A's ear (this test's own database handle) and desk B's.
    expect(rows.length).toBeGreaterThanOrEqual(1)
    await expect.poll(() => accountReadsOfACall(b), { timeout: 3_000 }).toBe(1)
    // It listens again after a few seconds, and stops reading once more.
    await expect.poll(() => accountReadsOfACall(b), { timeout: 15_000, interval: 250 }).toBe(0)
  })
})
