import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import { hashPassword } from '../../electron/main/services/passwords'
import { type EventRow, events, hasKeyColumn, publicHash, rechain, withFile, withoutTriggers } from '../support/audit-attacker'
import { tempDir } from '../support/temp-db'

/**
 * Each way the issue found to rewrite the audit trail, done for real: a practice's desk records
 * events and shuts down cleanly, then someone holding the file changes it with their own SQLite
 * connection and the public chain formula. Both `npm run audit:verify -- --db PATH` (its defaults:
 * the key beside the database, the head in the per-user anchor folder) and the desk's start-up
 * check must notice (each checked softly, so a run shows both). Only the CLI and the desk runtime are used, so this file runs on any Portico.
 */
const ROOT = resolve(__dirname, '../..')
const ADMIN = { username: 'maria', password: 'copper-kettle-harbour-moss' }
const MARIA = { id: 1, username: 'maria', displayName: 'Maria Lopez', role: 'admin' as const }

let practice: ReturnType<typeof tempDir>
let copy: ReturnType<typeof tempDir>
let dbPath: string

// The desk's clock, moved a minute on between attempts so the per-account delays after a failed
// sign-in never turn a recorded failure into a refusal, however fast or slow the machine is.
let offsetMs = 0
const start = (path: string, dir: string) => {
  const rendererDir = join(dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  return createDeskRuntime({ dbPath: path, workstation: 'front-desk', rendererDir, portalHost: '127.0.0.1', log: () => {}, now: () => new Date(Date.now() + offsetMs) })
}

// One practice, recorded once: failed sign-ins (a known and an unknown username), a sign-in, a lock
// and a sign-out, then a clean shutdown. Each test tampers with its own copy of the folder.
beforeAll(async () => {
  practice = tempDir('portico-tamper-')
  process.env['PORTICO_ANCHOR_DIR'] = join(practice.dir, 'anchors')
  const desk = await start(join(practice.dir, 'portico.sqlite3'), practice.dir)
  try {
    await insertStaff(desk.ctx.db, { username: ADMIN.username, usernameKey: ADMIN.username, displayName: MARIA.displayName, role: 'admin', passwordHash: await hashPassword(ADMIN.password), now: new Date().toISOString() })
    const call = (channel: string, input: unknown) => {
      offsetMs += 60_000
      return dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})
    }
    await call('signIn', { username: ADMIN.username, password: 'guess-one-1234' })
    await call('signIn', { username: 'nobody', password: 'guess-two-5678' })
    await call('signIn', { username: ADMIN.username, password: 'guess-three-9012' })
    expect(await call('signIn', ADMIN)).toMatchObject({ ok: true })
    await call('lock', {})
    await call('signOut', {})
  } finally {
    await desk.dispose()
  }
}, 60_000)
afterAll(() => practice.cleanup())

beforeEach(() => {
  copy = tempDir('portico-tamper-case-')
  cpSync(practice.dir, copy.dir, { recursive: true })
  dbPath = join(copy.dir, 'portico.sqlite3')
  process.env['PORTICO_ANCHOR_DIR'] = join(copy.dir, 'anchors')
})
afterEach(() => copy.cleanup())

/** `npm run audit:verify -- --db PATH`, as an admin would run it, with nothing else given. */
function auditVerify(path: string): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/audit-verify-cli.ts'), '--db', path], { encoding: 'utf8', env: process.env })
  return { code: run.status, out: `${run.stdout}${run.stderr}` }
}

/** What the desk tells an admin after starting on the file. */
async function deskWarning(path: string): Promise<string | null> {
  const desk = await start(path, copy.dir)
  try {
    return desk.ctx.session.auditWarning
  } finally {
    await desk.dispose()
  }
}

const lastId = (path: string) => withFile(path, (sqlite) => sqlite.prepare('select max(id) from audit_events').pluck().get() as number)

describe('someone holding the database file rewrites the audit trail, and it shows', () => {
  test('deleting the last events', async () => {
    const last = lastId(dbPath)
    withFile(dbPath, (sqlite) => withoutTriggers(sqlite, () => sqlite.prepare('delete from audit_events where id > ?').run(last - 2)))

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Events after #${last - 2} are missing: the trail reached event #${last}`)
    expect.soft(cli.code).toBe(1)
    expect.soft(await deskWarning(dbPath)).toMatch(new RegExp(`Events after #${last - 2} are missing`))
  }, 30_000)

  test('editing an event and recomputing every later hash with the public formula', async () => {
    const target = withFile(dbPath, (sqlite) => events(sqlite).find((e) => e.action === 'staff.sign-in' && e.outcome === 'failure')!.id)
    withFile(dbPath, (sqlite) =>
      withoutTriggers(sqlite, () => {
        sqlite.prepare(`update audit_events set actor_name = 'Someone Else' where id = ?`).run(target)
        rechain(sqlite, target, { unkey: true })
      }),
    )

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Audit trail BROKEN at event #${target}: it carries no key, though the events before it were keyed`)
    expect.soft(cli.code).toBe(1)
    expect.soft(await deskWarning(dbPath)).toMatch(new RegExp(`integrity check at event #${target}: it carries no key`))
  }, 30_000)

  test('deleting every failed sign-in and re-chaining the rest', async () => {
    const before = lastId(dbPath)
    withFile(dbPath, (sqlite) =>
      withoutTriggers(sqlite, () => {
        sqlite.prepare(`delete from audit_events where action like 'staff.sign-in' and outcome = 'failure'`).run()
        // Renumbered and re-chained from the first event, so the trail looks whole.
        events(sqlite).forEach((e, i) => sqlite.prepare('update audit_events set id = ? where id = ?').run(i + 1, e.id))
        sqlite.prepare(`update sqlite_sequence set seq = (select max(id) from audit_events) where name = 'audit_events'`).run()
        rechain(sqlite, 1, { unkey: true })
      }),
    )
    const after = lastId(dbPath)
    expect(after).toBe(before - 3)

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Events after #${after} are missing: the trail reached event #${before}`)
    expect.soft(cli.out).toContain('yet no event carries the key')
    expect.soft(cli.code).toBe(1)
    const warning = await deskWarning(dbPath)
    expect.soft(warning).toMatch(new RegExp(`Events after #${after} are missing`))
    expect.soft(warning).toMatch(/yet no event carries the key/)
  }, 30_000)

  test('appending a forged event', async () => {
    const forged = withFile(dbPath, (sqlite) => {
      const last = events(sqlite).at(-1)!
      const row: EventRow = { ...last, id: last.id + 1, occurred_at: new Date().toISOString(), actor_name: 'Maria Lopez', action: 'staff.sign-in', outcome: 'success', detail: null }
      const hash = publicHash(last.hash ?? '', row)
      const keyed = hasKeyColumn(sqlite)
      sqlite
        .prepare(
          `insert into audit_events (id, occurred_at, actor_type, actor_name, actor_staff_id, workstation, action, client_id, outcome, detail, prev_hash, hash${keyed ? ', key_id' : ''})
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?${keyed ? ', ?' : ''})`,
        )
        .run(row.id, row.occurred_at, row.actor_type, row.actor_name, row.actor_staff_id, row.workstation, row.action, row.client_id, row.outcome, row.detail, last.hash, hash, ...(keyed ? [last.key_id] : []))
      return row.id
    })

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Audit trail BROKEN at event #${forged}: its contents do not match its keyed hash`)
    expect.soft(cli.code).toBe(1)
    expect.soft(await deskWarning(dbPath)).toMatch(new RegExp(`integrity check at event #${forged}: its contents do not match its keyed hash`))
  }, 30_000)

  test('dropping the append-only triggers: they stay dropped, and the desk refuses to write', async () => {
    withFile(dbPath, (sqlite) => {
      for (const name of sqlite.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = 'audit_events'`).pluck().all()) sqlite.exec(`drop trigger ${String(name)}`)
    })

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toMatch(/the trigger audit_events_no_update \(it stops events being changed\) is missing/)
    expect.soft(cli.out).toMatch(/the trigger audit_events_no_delete \(it stops events being deleted\) is missing/)
    expect.soft(cli.code).toBe(1)

    const desk = await start(dbPath, copy.dir)
    try {
      expect.soft(desk.ctx.session.auditWarning).toMatch(/Portico is not changing anything in this database.*audit_events_no_update.*is missing.*audit_events_no_delete.*is missing/)
      desk.ctx.session.staff = MARIA
      const write = await dispatch(handlers, desk.ctx, 'updateDeskSettings', { settings: { idleLockMinutes: 5, backupFolder: join(copy.dir, 'backups') } }, { trusted: true }, () => {})
      expect(write).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/not changing anything/) } })
      // Staff can still sign out (and in) so an admin can read the warning.
      expect(await dispatch(handlers, desk.ctx, 'signOut', {}, { trusted: true }, () => {})).toMatchObject({ ok: true })
    } finally {
      await desk.dispose()
    }
    expect(withFile(dbPath, (sqlite) => sqlite.prepare(`select value from settings where key = 'desk.idleLockMinutes'`).pluck().get())).toBeUndefined()
  }, 30_000)

  test('deleting everything', async () => {
    const last = lastId(dbPath)
    withFile(dbPath, (sqlite) => withoutTriggers(sqlite, () => sqlite.prepare('delete from audit_events').run()))

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Events after #0 are missing: the trail reached event #${last}`)
    expect.soft(cli.code).toBe(1)
    expect.soft(await deskWarning(dbPath)).toMatch(/Events after #0 are missing/)
  }, 30_000)

  test('INSERT OR REPLACE over an existing id is refused; done with the trigger lifted, it shows', async () => {
    const target = withFile(dbPath, (sqlite) => events(sqlite).find((e) => e.action === 'staff.sign-in' && e.outcome === 'failure')!.id)
    const replaceFrom = (sqlite: Parameters<Parameters<typeof withFile>[1]>[0]) => {
      // REPLACE deletes the old row without firing delete triggers, then inserts the new one.
      const replace = sqlite.prepare(
        `insert or replace into audit_events (id, occurred_at, actor_type, actor_name, actor_staff_id, workstation, action, client_id, outcome, detail, prev_hash, hash)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      let prev = ''
      for (const e of events(sqlite)) {
        if (e.id < target) {
          prev = e.hash ?? ''
          continue
        }
        const row = e.id === target ? { ...e, outcome: 'success' } : e
        const hash = publicHash(prev, row)
        replace.run(row.id, row.occurred_at, row.actor_type, row.actor_name, row.actor_staff_id, row.workstation, row.action, row.client_id, row.outcome, row.detail, prev, hash)
        prev = hash
      }
    }
    // With the database's guards in place, the database itself refuses it.
    expect.soft(() => withFile(dbPath, (sqlite) => sqlite.transaction(() => replaceFrom(sqlite))())).toThrow(/append-only/)

    withFile(dbPath, (sqlite) => {
      const trigger = sqlite.prepare(`select sql from sqlite_master where name = 'audit_events_no_overwrite'`).pluck().get() as string | undefined
      sqlite.exec('drop trigger if exists audit_events_no_overwrite')
      replaceFrom(sqlite)
      if (trigger) sqlite.exec(trigger)
    })

    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toContain(`Audit trail BROKEN at event #${target}: it carries no key`)
    expect.soft(cli.code).toBe(1)
    expect.soft(await deskWarning(dbPath)).toMatch(new RegExp(`integrity check at event #${target}: it carries no key`))
  }, 30_000)

  test('an untouched copy verifies, at the desk and with audit:verify', async () => {
    const cli = auditVerify(dbPath)
    expect.soft(cli.out).toMatch(/Audit trail intact: \d+ events, every link checked/)
    expect.soft(cli.code).toBe(0)
    expect.soft(await deskWarning(dbPath)).toBeNull()
  }, 30_000)
})
