import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { hostAuditStores } from '../../db/audit/host-audit-stores'
import { FileAnchorStore } from '../../db/audit/chain-head'
import { FileKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { openAuditTrail } from '../../db/audit/open-audit-trail'
import { verifyDatabaseFile } from '../../db/audit/verify-database-file'
import { openDatabase } from '../../db/connection'
import { NotAPorticoDatabaseError } from '../../db/connection-postgres'
import { PracticeOnServerError, countPractice, movePracticeToServer } from '../../db/move-practice'
import { appendAudit } from '../../db/repositories/audit.repository'
import { insertClient } from '../../db/repositories/clients.repository'
import { issueCode } from '../../db/repositories/one-time-codes.repository'
import { insertSession } from '../../db/repositories/portal-sessions.repository'
import { putSetting } from '../../db/repositories/settings.repository'
import { changeThrottle } from '../../db/repositories/sign-in-throttles.repository'
import { checkServer } from '../../db/server-check'
import { serverSettingsFromUrl } from '../../db/server-settings'
import { PRACTICE_TABLES, TABLES_NOT_MOVED } from '../../db/server-survey'
import { withFile } from '../support/audit-attacker'
import { DIALECTS } from '../support/dialects'
import { databasesOn } from '../support/postgres-server'
import { tempDatabase, tempDir } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')
const ORDER_BY: Record<(typeof PRACTICE_TABLES)[number], string> = {
  clients: 'id',
  staff_accounts: 'id',
  portal_accounts: 'client_id',
  portal_invites: 'id',
  portal_password_resets: 'id',
  portal_sessions: 'id',
  sign_in_throttles: 'key_hash',
  settings: 'key',
  audit_events: 'id',
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
const hours = (n: number) => new Date(Date.now() + n * 3_600_000).toISOString()

/** Every row of every practice table, in key order, as any client of that engine reads it. */
async function everyRow(url: string): Promise<Record<string, unknown[]>> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const rows: Record<string, unknown[]> = {}
    for (const table of PRACTICE_TABLES) rows[table] = (await client.query(`select * from ${table} order by ${ORDER_BY[table]}`)).rows
    return rows
  } finally {
    await client.end()
  }
}
const everyRowOfFile = (path: string) =>
  withFile(path, (sqlite) => Object.fromEntries(PRACTICE_TABLES.map((table) => [table, sqlite.prepare(`select * from ${table} order by ${ORDER_BY[table]}`).all()])))

const serverCounts = async (url: string) => {
  const opened = await openDatabase(url)
  try {
    return await countPractice(opened.db)
  } finally {
    await opened.db.destroy()
  }
}

/**
 * The demo practice as a desk leaves it: keyed audit trail (its key beside the file, its head
 * recorded in this test file's anchor folder), keyed events about clients, invites and resets
 * (hashed), a portal session, a throttled unknown username and per-desk settings. Closed, so the
 * file is whole and alone (no -wal beside it).
 */
async function practiceFile(): Promise<{ path: string; dir: string; keyPath: string; cleanup: () => Promise<void> }> {
  const t = await tempDatabase({ demo: true })
  const trail = await openAuditTrail(t.db, { dbPath: t.path, stores: hostAuditStores(t.path), workstation: 'FRONT-DESK' })
  const actor = { type: 'desk' as const, name: 'Tess Admin', workstation: 'FRONT-DESK', staffId: 1 }
  for (const clientId of [1, 2, 3, 2]) {
    await appendAudit(t.db, { actor, at: new Date().toISOString(), action: 'client.view', clientId, outcome: 'success', detail: { fields: ['email'] } })
  }
  await issueCode(t.db, 'portal_invites', { clientId: 1, tokenHash: 'a'.repeat(64), now: hours(0), expiresAt: hours(48) })
  await issueCode(t.db, 'portal_password_resets', { clientId: 2, tokenHash: 'b'.repeat(64), now: hours(0), expiresAt: hours(1) })
  await issueCode(t.db, 'portal_password_resets', { clientId: 2, tokenHash: 'c'.repeat(64), now: hours(0), expiresAt: hours(1) })
  await insertSession(t.db, { tokenHash: 'd'.repeat(64), clientId: 2, now: hours(0), expiresAt: hours(8) })
  await changeThrottle(t.db, { table: 'sign_in_throttles', keyHash: 'e'.repeat(64) }, () => ({ next: { failures: 3, lockedUntil: null, nextAttemptAt: hours(0.1), lastFailedAt: hours(0) }, forgetAt: hours(24), result: null }))
  await putSetting(t.db, 'portal.serve', 'on')
  await putSetting(t.db, 'practice.name', 'Harbour Physio')
  await trail.close()
  await t.db.destroy()
  return { path: t.path, dir: t.dir, keyPath: keyFileBeside(t.path), cleanup: t.close }
}

describe.runIf(DIALECTS.includes('postgres'))('moving a built-in practice to the server', () => {
  const server = databasesOn(inject('postgresAdminUrl'))
  const made: string[] = []
  const newDatabase = async () => {
    const url = await server.create()
    made.push(url)
    return url
  }
  let file: Awaited<ReturnType<typeof practiceFile>>
  beforeAll(async () => {
    file = await practiceFile()
  })
  afterAll(async () => {
    await file.cleanup()
    for (const url of made) await server.drop(url)
  })

  test('every table Portico’s migrations make, on either engine, is either moved or named as holding no practice data', async () => {
    const url = await newDatabase()
    const opened = await openDatabase(url)
    await opened.db.destroy()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const onServer = (await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public'`)).rows.map((r) => r.name)
    await client.end()
    const inFile = withFile(file.path, (sqlite) => sqlite.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`).pluck().all() as string[])
    const accounted = new Set<string>([...PRACTICE_TABLES, ...TABLES_NOT_MOVED])
    expect(onServer.filter((t) => !accounted.has(t))).toEqual([])
    expect(inFile.filter((t) => !accounted.has(t))).toEqual([])
  })

  test('every row arrives exactly as it was, the audit trail verifies on the server with the same head, and the file is unchanged', async () => {
    const url = await newDatabase()
    const fileBefore = sha256(file.path)
    const rowsInFile = everyRowOfFile(file.path)
    const progress: [number, number][] = []

    const desk = await openDatabase(file.path)
    const moved = await movePracticeToServer(desk.db, url, { onProgress: (done, total) => progress.push([done, total]) })
    await desk.db.destroy()

    expect(moved.before).toMatchObject({ clients: 200, staff: 1, invites: 11, passwordResets: 2, portalSessions: 1, signInThrottles: 1 })
    expect(moved.before.auditEvents).toBeGreaterThanOrEqual(5)
    expect(moved.after).toEqual(moved.before)
    expect(await serverCounts(url)).toEqual(moved.before)
    const total = Object.values(moved.before).reduce((a, b) => a + b, 0)
    expect(progress.at(0)).toEqual([0, total])
    expect(progress.at(-1)).toEqual([total, total])
    // Ids, hashes, previous hashes, key ids, password and code hashes: all as they were.
    expect(await everyRow(url)).toEqual(rowsInFile)

    expect(sha256(file.path)).toBe(fileBefore)
    expect(existsSync(`${file.path}-wal`)).toBe(false)

    const lastInFile = rowsInFile['audit_events']!.at(-1) as { id: number; hash: string }
    expect(moved.auditHead).toEqual({ lastId: lastInFile.id, hash: lastInFile.hash })
    const verified = await verifyDatabaseFile({ dbPath: url, keyPath: file.keyPath })
    expect(verified.lines.join('\n')).toMatch(/intact/i)
    // Checked against the head the desk recorded for the file: the server's trail ends where the file's did.
    expect(verified.lines.join('\n')).toMatch(/Checked against the head recorded in/)
    expect(verified.exitCode).toBe(0)
  })

  test('on the server, the practice carries on: a new client gets the next id, and the trail goes on keyed and intact', async () => {
    const url = await newDatabase()
    const desk = await openDatabase(file.path)
    const moved = await movePracticeToServer(desk.db, url)
    await desk.db.destroy()

    const opened = await openDatabase(url)
    try {
      // Heads in a folder of this test's own: this copy goes on past the file, which the other tests still move.
      const stores = { keys: new FileKeyStore(file.keyPath), anchors: new FileAnchorStore(join(file.dir, 'billing-desk-anchors')) }
      const trail = await openAuditTrail(opened.db, { dbPath: url, stores, workstation: 'BILLING-DESK' })
      expect(trail.warning).toBeNull()
      const id = await insertClient(opened.db, { firstName: 'Rua', lastName: 'Tane', preferredName: null, dateOfBirth: '1990-01-01', email: null, phone: null }, new Date().toISOString())
      expect(id).toBe(201)
      await appendAudit(opened.db, { actor: { type: 'system', name: 'test', workstation: 'BILLING-DESK' }, at: new Date().toISOString(), action: 'client.create', clientId: id, outcome: 'success' })
      await trail.close()
      const last = await opened.db.selectFrom('audit_events').select(['id', 'key_id']).orderBy('id', 'desc').executeTakeFirstOrThrow()
      expect(last.id).toBe(moved.auditHead!.lastId + 1)
      expect(last.key_id).not.toBeNull()
    } finally {
      await opened.db.destroy()
    }
    expect((await verifyDatabaseFile({ dbPath: url, keyPath: file.keyPath, anchorPath: join(file.dir, 'billing-desk-anchors') })).exitCode).toBe(0)
  })

  test('refuses a database that already holds a practice, and leaves it as it was', async () => {
    const other = await tempDatabase({ dialect: 'postgres', demo: true })
    try {
      const before = await everyRow(other.path)
      const desk = await openDatabase(file.path)
      await expect(movePracticeToServer(desk.db, other.path)).rejects.toBeInstanceOf(PracticeOnServerError)
      await desk.db.destroy()
      expect(await everyRow(other.path)).toEqual(before)
    } finally {
      await other.close()
    }
  })

  test('refuses a database with tables of its own, and creates nothing in it', async () => {
    const url = await newDatabase()
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(`create table invoices (id int primary key, total numeric); insert into invoices values (1, 42.5)`)
    const desk = await openDatabase(file.path)
    try {
      await expect(movePracticeToServer(desk.db, url)).rejects.toBeInstanceOf(NotAPorticoDatabaseError)
      const tables = await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public'`)
      expect(tables.rows.map((r) => r.name)).toEqual(['invoices'])
      expect((await client.query('select * from invoices')).rows).toEqual([{ id: 1, total: '42.5' }])
    } finally {
      await desk.db.destroy()
      await client.end()
    }
  })

  test('a row the server refuses, part-way through: nothing stays on the server, and the move can be tried again', async () => {
    const { dir, cleanup } = tempDir()
    try {
      const path = join(dir, 'portico.sqlite3')
      copyFileSync(file.path, path)
      // An event a file holds and PostgreSQL refuses (a NUL character in its text; the file's own
      // checks, which the desk runs before opening it, find nothing wrong): copied last, so the
      // server refuses it after everything else went in.
      withFile(path, (sqlite) => {
        const last = sqlite.prepare('select id, hash from audit_events order by id desc limit 1').get() as { id: number; hash: string }
        sqlite.prepare(`insert into audit_events (id, occurred_at, actor_type, actor_name, action, outcome, prev_hash, hash) values (?, ?, 'desk', ?, 'client.view', 'success', ?, 'x')`).run(last.id + 1, hours(0), 'Mal\u0000lory', last.hash)
      })
      const url = await newDatabase()
      const progress: number[] = []
      const desk = await openDatabase(path)
      await expect(movePracticeToServer(desk.db, url, { onProgress: (done) => progress.push(done) })).rejects.toThrow(/0x00/)
      await desk.db.destroy()
      expect(progress.at(-1)).toBeGreaterThan(200)

      expect(Object.values(await serverCounts(url)).every((n) => n === 0)).toBe(true)
      expect(await checkServer(serverSettingsFromUrl(url), 'move')).toMatchObject({ ok: true, holdsPractice: false })
      const again = await openDatabase(file.path)
      await expect(movePracticeToServer(again.db, url)).resolves.toMatchObject({ after: { clients: 200 } })
      await again.db.destroy()
    } finally {
      cleanup()
    }
  })

  test('npm run move-to-server: prints the counts and the audit head, keeps the key for the server, refuses without the key, never prints the password', async () => {
    const url = await newDatabase()
    const password = decodeURIComponent(new URL(url).password)
    const cli = (to: string, ...more: string[]) => {
      const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/move-to-server-cli.ts'), '--db', file.path, '--to', to, ...more], { encoding: 'utf8', env: process.env })
      return { code: run.status, out: `${run.stdout}${run.stderr}` }
    }
    const fileBefore = sha256(file.path)
    const keyless = cli(url, '--key', join(file.dir, 'not-here.audit-key'))
    expect(keyless.code).toBe(1)
    expect(keyless.out).toMatch(/its key is not at .*not-here\.audit-key.*Nothing was moved/)
    expect(await checkServer(serverSettingsFromUrl(url), 'move')).toMatchObject({ ok: true, holdsPractice: false })

    const first = cli(url)
    expect(first.out).not.toContain(password)
    expect(first.code).toBe(0)
    expect(first.out).toMatch(/Clients\s+200\s+200/)
    expect(first.out).toMatch(/Audit events\s+(\d+)\s+\1/)
    const head = withFile(file.path, (s) => s.prepare('select id, hash from audit_events order by id desc limit 1').get() as { id: number; hash: string })
    expect(first.out).toContain(`last event #${head.id}, hash ${head.hash}`)
    expect(first.out).toMatch(/Audit trail intact/)
    expect(readFileSync(keyFileBeside(url), 'utf8')).toBe(readFileSync(file.keyPath, 'utf8'))
    expect(sha256(file.path)).toBe(fileBefore)

    const second = cli(url)
    expect(second.code).toBe(1)
    expect(second.out).toMatch(/already holds a Portico practice \(200 clients\)/)
    expect(second.out).not.toContain(password)
  }, 60_000)
})
