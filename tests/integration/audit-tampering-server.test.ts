import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, test } from 'vitest'
import { hostAuditStores } from '../../db/audit/host-audit-stores'
import { keyFileBeside } from '../../db/audit/key-store'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import { hashPassword } from '../../electron/main/services/passwords'
import { type EventRow, publicHash } from '../support/audit-attacker'
import { DIALECTS } from '../support/dialects'
import { databasesOn } from '../support/postgres-server'
import { tempDir } from '../support/temp-db'

/**
 * The audit trail on a shared server, attacked by someone who can sign in to the database as its
 * owner (psql, say): they can switch the triggers off, rewrite, and switch them back on. The
 * append-only triggers stop everyone else, and what the owner does shows at the next check, as
 * it does for a file (audit-tampering.test.ts). Each test attacks its own copy of one recorded
 * practice (PostgreSQL copies a database from a template).
 */
const ROOT = resolve(__dirname, '../..')
const ADMIN = { username: 'maria', password: 'copper-kettle-harbour-moss' }

describe.runIf(DIALECTS.includes('postgres'))('someone who owns the server database rewrites the audit trail, and it shows', () => {
  let server: ReturnType<typeof databasesOn>
  let folder: ReturnType<typeof tempDir>
  let practiceUrl: string
  let url: string

  // The key a desk made for the practice; each copy is checked with it, as a joining desk would be given it.
  const keyPath = () => keyFileBeside(practiceUrl, join(folder.dir, 'anchors', 'keys'))
  const start = (target: string) => {
    const rendererDir = join(folder.dir, 'renderer')
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
    const audit = hostAuditStores(target, { keyPath: keyPath() })
    return createDeskRuntime({ dbPath: target, deskDir: folder.dir, workstation: 'front-desk', rendererDir, portalHost: '127.0.0.1', log: () => {}, audit })
  }

  beforeAll(async () => {
    server = databasesOn(inject('postgresAdminUrl'))
    folder = tempDir('portico-tamper-server-')
    process.env['PORTICO_ANCHOR_DIR'] = join(folder.dir, 'anchors')
    practiceUrl = await server.create()
    const desk = await start(practiceUrl)
    try {
      await insertStaff(desk.ctx.db, { username: ADMIN.username, usernameKey: ADMIN.username, displayName: 'Maria Lopez', role: 'admin', passwordHash: await hashPassword(ADMIN.password), now: new Date().toISOString() })
      const call = (channel: string, input: unknown) => dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})
      await call('signIn', { username: 'nobody', password: 'guess-two-5678' })
      expect(await call('signIn', ADMIN)).toMatchObject({ ok: true })
      await call('lock', {})
      await call('signOut', {})
    } finally {
      await desk.dispose()
    }
  }, 60_000)
  afterAll(async () => {
    await server.drop(practiceUrl)
    folder.cleanup()
  })
  beforeEach(async () => {
    url = await server.create({ template: practiceUrl })
  })
  afterEach(async () => server.drop(url))

  /** `npm run audit:verify -- --db URL --key FILE`, as the practice's IT person would run it. */
  function auditVerify(target: string): { code: number | null; out: string } {
    const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/audit-verify-cli.ts'), '--db', target, '--key', keyPath()], { encoding: 'utf8', env: process.env })
    return { code: run.status, out: `${run.stdout}${run.stderr}` }
  }
  const asOwner = <T>(work: (client: import('pg').Client) => Promise<T>) => server.asOwner(url, work)
  const withoutTriggers = (client: import('pg').Client, change: () => Promise<unknown>) =>
    client.query('alter table audit_events disable trigger user').then(change).then(() => client.query('alter table audit_events enable trigger user'))

  test('the copy is intact before anyone touches it', () => {
    // A copy keeps the practice's id, so the desk's key and recorded head apply to it as to the original.
    const cli = auditVerify(url)
    expect(cli.out).toMatch(/Audit trail intact/)
    expect(cli.code).toBe(0)
  })

  test('without switching the triggers off, nobody can change, delete or empty the trail', async () => {
    await asOwner(async (client) => {
      await expect(client.query(`update audit_events set actor_name = 'Someone Else'`)).rejects.toThrow(/append-only/)
      await expect(client.query('delete from audit_events')).rejects.toThrow(/append-only/)
      await expect(client.query('truncate audit_events')).rejects.toThrow(/append-only/)
      await expect(client.query(`insert into audit_events (id, occurred_at, actor_type, actor_name, action, outcome) values (1, 'x', 'system', 'x', 'x', 'success')`)).rejects.toThrow(/append-only/)
    })
    expect(auditVerify(url).code).toBe(0)
  })

  test('deleting the last events, with the triggers switched off and on again', async () => {
    const last = await asOwner(async (client) => Number((await client.query('select max(id) as n from audit_events')).rows[0].n))
    await asOwner((client) => withoutTriggers(client, () => client.query('delete from audit_events where id > $1', [last - 2])))
    const cli = auditVerify(url)
    expect(cli.out).toContain(`Events after #${last - 2} are missing: the trail reached event #${last}`)
    expect(cli.code).toBe(1)
  })

  test('editing an event and recomputing every later hash with the public formula', async () => {
    await asOwner((client) =>
      withoutTriggers(client, async () => {
        const rows = (await client.query('select * from audit_events order by id')).rows as EventRow[]
        const target = rows.find((e) => e.action === 'staff.sign-in' && e.outcome === 'failure')!
        let prev = rows[rows.indexOf(target) - 1]?.hash ?? ''
        for (const row of rows.slice(rows.indexOf(target))) {
          const changed = row.id === target.id ? { ...row, actor_name: 'Someone Else' } : row
          const hash = publicHash(prev, changed)
          await client.query('update audit_events set actor_name = $1, prev_hash = $2, hash = $3, key_id = null where id = $4', [changed.actor_name, prev, hash, row.id])
          prev = hash
        }
      }),
    )
    const cli = auditVerify(url)
    expect(cli.code).toBe(1)
    expect(cli.out).not.toMatch(/Audit trail intact/)
  })

  test('a trigger switched off, dropped, or its function rewritten is named at the next check, and the desk refuses changes', async () => {
    await asOwner((client) => client.query('alter table audit_events disable trigger audit_events_no_delete'))
    expect(auditVerify(url).out).toMatch(/audit_events_no_delete .* was switched off/)
    await asOwner((client) => client.query('drop trigger audit_events_no_truncate on audit_events'))
    await asOwner((client) => client.query(`create or replace function audit_events_in_order() returns trigger language plpgsql as $$ begin return new; end $$`))
    const cli = auditVerify(url)
    expect(cli.out).toMatch(/audit_events_no_truncate .* is missing/)
    expect(cli.out).toMatch(/audit_events_no_overwrite .* was altered/)
    expect(cli.code).toBe(1)
    const desk = await start(url)
    try {
      expect(desk.ctx.session.auditWarning).toMatch(/audit_events_no_truncate/)
      const result = await dispatch(handlers, desk.ctx, 'signIn', ADMIN, { trusted: true }, () => {})
      expect(result).toMatchObject({ ok: true })
      const change = await dispatch(handlers, desk.ctx, 'createClient', { client: { firstName: 'Kiri', lastName: 'Tane', preferredName: '', dateOfBirth: '1990-02-03', email: '', phone: '' } }, { trusted: true }, () => {})
      expect(change).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    } finally {
      await desk.dispose()
    }
  }, 30_000)
})
