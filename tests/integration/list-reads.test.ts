import { CompiledQuery, type KyselyPlugin, type PluginTransformQueryArgs, type PluginTransformResultArgs, type QueryResult, type RootOperationNode, type UnknownRow, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listClients } from '../../db/repositories/clients.repository'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase } from '../support/temp-db'

/** Keeps every query a Kysely runs, so a test can ask the server how it ran one. */
class KeepQueries implements KyselyPlugin {
  readonly kept: PluginTransformQueryArgs[] = []
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.kept.push(args)
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Actual Rows': number
  'Actual Loops': number
  'Rows Removed by Filter'?: number
  Alias?: string
  Plans?: PlanNode[]
}
const scans = (node: PlanNode): PlanNode[] => [...(/Scan$/.test(node['Node Type']) ? [node] : []), ...(node.Plans ?? []).flatMap(scans)]

/**
 * A page of the list, or of a search, reads about the rows it shows, however many clients share a
 * name: at a million clients one surname has ten thousand, one nickname a few thousand.
 * PostgreSQL only: these are about its plans (SQLite's indexes all end in the row id, and its
 * planner reads a surname's rows either way, in a few hundred microseconds).
 */
describe.runIf(DIALECTS.includes('postgres'))('on postgres', () => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeAll(async () => {
    t = await tempDatabase({ dialect: 'postgres' })
    await insertManyClients(t.db, [
      ...Array.from({ length: 4_000 }, (_, i) => ({ firstName: `F${String(i % 40).padStart(2, '0')}`, lastName: 'Smith' })),
      // Two thousand called Sam by their nickname, with their own email and phone.
      ...Array.from({ length: 4_000 }, (_, i) => ({ firstName: 'Ava', lastName: `Name${String(i)}`, preferredName: i % 2 ? 'Sam' : null, email: `sam@${String(i % 3)}.test`, phone: '555 0100' })),
    ])
    await sql`analyze clients`.execute(t.db)
  })
  afterAll(async () => t.close())

  /** The scans of the plan the server ran for the query `ran` made. */
  async function scansRun(ran: (db: typeof t.db) => Promise<unknown>, which: (sql: string) => boolean): Promise<PlanNode[]> {
    const keep = new KeepQueries()
    const db = t.db.withPlugin(keep)
    await ran(db)
    const query = keep.kept.map((k) => db.getExecutor().compileQuery(k.node, k.queryId)).find((q) => which(q.sql))!
    // A statement marked to be planned once runs on a plan made for any values (a generic plan):
    // explained so too, prepared and then executed with the session told to plan generically.
    const generic = query.sql.startsWith('/* planned once */')
    const explain = 'explain (analyze, format json)'
    const { rows } = await t.db.connection().execute(async (c) => {
      if (!generic) return c.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(CompiledQuery.raw(`${explain} ${query.sql}`, [...query.parameters]))
      await c.executeQuery(CompiledQuery.raw(`prepare explained as ${query.sql}`))
      await sql`set plan_cache_mode = force_generic_plan`.execute(c)
      try {
        // EXECUTE takes its values as SQL, not as bound parameters.
        const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`)
        return await c.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(CompiledQuery.raw(`${explain} execute explained(${query.parameters.map(literal).join(', ')})`))
      } finally {
        await sql`reset plan_cache_mode`.execute(c)
        await sql`deallocate explained`.execute(c)
      }
    })
    return scans(rows[0]!['QUERY PLAN'][0].Plan)
  }

  /** How many rows the server read (kept and filtered out) to answer the query `ran` made. */
  async function rowsRead(ran: (db: typeof t.db) => Promise<unknown>, which: (sql: string) => boolean): Promise<number> {
    // A plan gives each node's rows per loop: a lookup made once per client found reads that many.
    return (await scansRun(ran, which)).reduce((n, s) => n + (s['Actual Rows'] + (s['Rows Removed by Filter'] ?? 0)) * s['Actual Loops'], 0)
  }

  test('a page of the list reads only the rows it shows, however deep inside one last name the cursor is', async () => {
    const smiths = await listClients(t.db, { query: 'smith', limit: 3_000 })
    const cursor = smiths.items.at(-1)!
    expect(cursor.lastName).toBe('Smith')
    const after = { lastName: cursor.lastName, firstName: cursor.firstName, id: cursor.id }
    const read = await rowsRead((db) => listClients(db, { query: '', limit: 50, after }), (q) => /order by/i.test(q) && /limit/i.test(q))
    // The page, one more to tell whether there are more, and each row's portal account.
    expect(read).toBeLessThanOrEqual(2 * 51)
  })

  test('a search reads a page from each field, not every client who shares the first value found', async () => {
    const read = await rowsRead((db) => listClients(db, { query: 'sam', limit: 50 }), (q) => /union all/i.test(q))
    // Up to 51 from each of the six fields asked, then each found client's row and portal account.
    expect(read).toBeLessThanOrEqual(6 * 51 + 2 * 51)
    expect((await rowsRead((db) => listClients(db, { query: '555 0100', limit: 50 }), (q) => /union all/i.test(q)))).toBeLessThanOrEqual(8 * 51 + 2 * 51)
  })

  test('a phone search for the practice’s country reads index ranges only, however the number is typed', async () => {
    for (const query of ['555-0100', '+1 555 0100', '(555) 0100']) {
      const search = (db: typeof t.db) => listClients(db, { query, limit: 50, country: 'US' })
      const ran = await scansRun(search, (q) => /union all/i.test(q))
      // A branch the limit never reached may be planned as a scan; none that ran is one.
      expect(ran.filter((s) => s['Node Type'] === 'Seq Scan' && s['Actual Loops'] > 0).map((s) => s.Alias), query).toEqual([])
      // Name and email fields, each way of reading the number (at most three) and the last seven digits: 51 rows each at most.
      expect(await rowsRead(search, (q) => /union all/i.test(q)), query).toBeLessThanOrEqual(8 * 51 + 2 * 51)
    }
  })

  test('a search asks no field after the ones that filled the page', async () => {
    // 'sam': no last or first name, two thousand nicknames, four thousand emails. The nicknames
    // fill the page, so the server never reads the email index, nor the usernames before it.
    const ran = await scansRun((db) => listClients(db, { query: 'sam', limit: 50 }), (q) => /union all/i.test(q))
    const loops = (index: string) => ran.filter((s) => s['Index Name'] === index).reduce((n, s) => n + s['Actual Loops'], 0)
    expect(loops('clients_preferred_name_idx')).toBe(1)
    expect(loops('clients_email_idx')).toBe(0)
    expect(loops('portal_accounts_username_key_c_idx')).toBe(0)
    const page = await listClients(t.db, { query: 'sam', limit: 50 })
    expect(page.items).toHaveLength(50)
    expect(page.hasMore).toBe(true)
    expect(page.items.every((c) => c.preferredName === 'Sam')).toBe(true)
  })
})
