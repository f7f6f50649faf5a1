import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest'
import { startWebHost } from '../../build/web-host/server'
import { DatabaseFromFutureError, openDatabase } from '../../db/connection'
import { NotAPorticoDatabaseError } from '../../db/connection-postgres'
import { databaseFault } from '../../db/dialect/faults'
import { migrationsFor } from '../../db/migrations'
import { DIALECTS } from '../support/dialects'
import { asIntruder } from '../support/database'
import { databasesOn } from '../support/postgres-server'
import { tempDir } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')
const FIXTURES = join(__dirname, '../fixtures/import')

/**
 * A practice on a PostgreSQL server, opened as the desk, the browser host and the CLIs open it:
 * what a new, a foreign, a newer and an existing server database each get.
 */
describe.runIf(DIALECTS.includes('postgres'))('a practice on a PostgreSQL server', () => {
  let server: ReturnType<typeof databasesOn>
  const made: string[] = []
  const folder = tempDir('portico-server-db-')
  beforeAll(() => {
    server = databasesOn(inject('postgresAdminUrl'))
  })
  afterEach(async () => {
    for (const url of made.splice(0)) await server.drop(url)
  })
  afterAll(() => folder.cleanup())
  const database = async () => {
    const url = await server.create()
    made.push(url)
    return url
  }
  const tablesOf = async (url: string) => {
    const opened = await server.asOwner(url, (c) => c.query(`select table_name from information_schema.tables where table_schema = 'public' order by 1`))
    return opened.rows.map((r: { table_name: string }) => r.table_name)
  }

  test('a new empty database gets every table, and foreign keys and the append-only audit trail are enforced', async () => {
    const url = await database()
    const { db, created } = await openDatabase(url)
    try {
      expect(created).toBe(true)
      expect(await tablesOf(url)).toEqual(
        expect.arrayContaining(['audit_events', 'clients', 'kysely_migration', 'portal_accounts', 'portal_invites', 'portal_password_resets', 'portal_sessions', 'settings', 'sign_in_throttles', 'staff_accounts']),
      )
      const orphan = db.insertInto('portal_accounts').values({ client_id: 999, access_enabled: 0, created_at: 'x', updated_at: 'x' }).execute()
      expect(databaseFault(await orphan.catch((e: unknown) => e))).toBe('conflict')
      await db.insertInto('audit_events').values({ id: 1, occurred_at: 'x', actor_type: 'system', actor_name: 't', workstation: null, action: 'a', client_id: null, outcome: 'success', detail: null, prev_hash: '', hash: 'h', key_id: null }).execute()
      await expect(db.updateTable('audit_events').set({ actor_name: 'else' }).execute()).rejects.toThrow(/append-only/)
      await expect(db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/)
      await expect(sql`truncate audit_events`.execute(db)).rejects.toThrow(/append-only/)
    } finally {
      await db.destroy()
    }
    const again = await openDatabase(url)
    expect(again.created).toBe(false)
    await again.db.destroy()
  })

  test('a database holding someone else’s tables is refused and left as it was', async () => {
    const url = await database()
    await asIntruder(url, ['create table invoices (id integer primary key, total numeric)', 'insert into invoices values (1, 10)'])
    await expect(openDatabase(url)).rejects.toBeInstanceOf(NotAPorticoDatabaseError)
    expect(await tablesOf(url)).toEqual(['invoices'])
  })

  test('a database written by a newer Portico is refused with today’s message and left as it was', async () => {
    const url = await database()
    await (await openDatabase(url)).db.destroy()
    await asIntruder(url, [`insert into kysely_migration (name, timestamp) values ('9999_from_the_future', '2030-01-01T00:00:00.000Z')`])
    const refused = await openDatabase(url).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(DatabaseFromFutureError)
    expect((refused as Error).message).toMatch(/written by a newer version of Portico\. It has not been opened or changed/)
    const names = await server.asOwner(url, (c) => c.query('select name from kysely_migration order by name'))
    expect(names.rows.map((r: { name: string }) => r.name)).toEqual([...Object.keys(migrationsFor('postgres')).sort(), '9999_from_the_future'])
  })

  test('npm run web on a new server database makes the demo practice once; a second host on it finds the practice', async () => {
    const url = await database()
    const rendererDir = join(folder.dir, 'renderer')
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><html><head><title>Portico</title></head><body></body></html>')
    const first = await startWebHost({ dbPath: url, deskDir: join(folder.dir, 'desk-a'), port: 0, rendererDir })
    try {
      expect(first.demoSignIn).toMatchObject({ username: 'frontdesk' })
      const second = await startWebHost({ dbPath: url, deskDir: join(folder.dir, 'desk-b'), port: 0, rendererDir })
      try {
        expect(second.demoSignIn).toMatchObject({ username: 'frontdesk' })
      } finally {
        await second.close()
      }
    } finally {
      await first.close()
    }
    const clients = await server.asOwner(url, (c) => c.query('select count(*)::int as n from clients'))
    expect(clients.rows[0].n).toBe(200)
  })

  test('npm run import adds a CSV file’s clients to a server database, and refuses an empty one', async () => {
    const run = (url: string) => spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/import-cli.ts'), '--db', url, join(FIXTURES, 'good.csv')], { encoding: 'utf8', cwd: ROOT })
    const empty = await database()
    const refused = run(empty)
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/is not a Portico database\. It has not been changed\./)
    expect(refused.stderr).not.toContain(new URL(empty).password)
    const url = await database()
    await (await openDatabase(url)).db.destroy()
    const imported = run(url)
    expect(imported.stderr).toBe('')
    expect(imported.stdout).toMatch(/^Imported 5 clients in/m)
    const clients = await server.asOwner(url, (c) => c.query('select count(*)::int as n from clients'))
    expect(clients.rows[0].n).toBe(5)
  })
})
