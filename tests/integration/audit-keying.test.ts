import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { inspect } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { unkeyedChainHash } from '../../db/audit/chain-hash'
import { FileAnchorStore, defaultAnchorDir } from '../../db/audit/chain-head'
import { AuditKeyFileError, ChainKey } from '../../db/audit/chain-key'
import { FileKeyStore, type KeyStore, importingKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { createKysely, migrateTo } from '../../db/connection'
import { appendAudit } from '../../db/repositories/audit.repository'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createDeskRuntime } from '../../electron/main/runtime'
import { withFile, withoutTriggers } from '../support/audit-attacker'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')
let folder: ReturnType<typeof tempDir>
let dbPath: string
const logged: string[] = []

beforeEach(() => {
  folder = tempDir()
  dbPath = join(folder.dir, 'portico.sqlite3')
  process.env['PORTICO_ANCHOR_DIR'] = join(folder.dir, 'anchors')
  logged.length = 0
})
afterEach(() => folder.cleanup())

const start = () => {
  const rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  return createDeskRuntime({ dbPath, workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: (line) => logged.push(line) })
}
type Desk = Awaited<ReturnType<typeof start>>

function auditVerify(...args: string[]): { code: number | null; out: string } {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/audit-verify-cli.ts'), ...args], { encoding: 'utf8', env: process.env })
  return { code: run.status, out: `${run.stdout}${run.stderr}` }
}

const record = (desk: Desk, action: string) =>
  appendAudit(desk.ctx.db, { actor: { type: 'system', name: 'test', workstation: 'test-desk' }, at: new Date().toISOString(), action, clientId: null, outcome: 'success' })
const lastEvent = (desk: Desk) => desk.ctx.db.selectFrom('audit_events').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
const practiceIdOf = (path: string) => withFile(path, (s) => s.prepare(`select value from settings where key = 'practice.id'`).pluck().get() as string)

describe('keying the chain', () => {
  test('an old unkeyed database: its events stay as they were and are reported unkeyed; from the upgrade on, events are keyed', async () => {
    // Three events as an older Portico wrote them, with the public formula.
    const old = createKysely(new SqliteDatabase(dbPath))
    await migrateTo(old, '0004_search_indexes')
    await old.destroy()
    withFile(dbPath, (sqlite) => {
      let prev = ''
      for (const [id, action] of [[1, 'client.create'], [2, 'staff.sign-in'], [3, 'staff.lock']] as const) {
        const row = { occurred_at: '2025-11-02T10:15:00.000Z', actor_type: 'desk', actor_name: 'Maria Lopez', actor_staff_id: null, workstation: 'FRONT-1', action, client_id: null, outcome: 'success', detail: null }
        const hash = unkeyedChainHash(prev, row)
        sqlite.prepare(`insert into audit_events (id, occurred_at, actor_type, actor_name, workstation, action, outcome, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(id, row.occurred_at, row.actor_type, row.actor_name, row.workstation, action, row.outcome, prev, hash)
        prev = hash
      }
    })

    const desk = await start()
    try {
      expect(desk.ctx.session.auditWarning).toBeNull()
      await record(desk, 'test.after-upgrade')
    } finally {
      await desk.dispose()
    }
    const rows = withFile(dbPath, (s) => s.prepare('select id, action, key_id from audit_events order by id').all() as { id: number; action: string; key_id: string | null }[])
    expect(rows.map((r) => [r.id, r.action, r.key_id !== null])).toEqual([
      [1, 'client.create', false],
      [2, 'staff.sign-in', false],
      [3, 'staff.lock', false],
      [4, 'audit.chain.keyed', true],
      [5, 'test.after-upgrade', true],
    ])

    const cli = auditVerify('--db', dbPath)
    expect(cli.out).toContain('Audit trail intact: 5 events, every link checked.')
    expect(cli.out).toContain('Events #1–#3 were recorded before the chain was keyed: their order and contents are checked, but not who could have written them.')
    expect(cli.out).toContain('Events #4–#5 are keyed with the practice’s key')
    expect(cli.code).toBe(0)

    // The backup taken before the upgrade has its manifest: the old chain's head, unkeyed.
    const manifest = readdirSync(join(folder.dir, 'backups')).find((n) => n.endsWith('.manifest.json'))!
    expect(JSON.parse(readFileSync(join(folder.dir, 'backups', manifest), 'utf8'))).toMatchObject({ format: 'portico-backup-manifest', practiceId: null, auditHead: { lastId: 3, count: 3, keyedFrom: null } })

    // The unkeyed part is still checked: an edit there shows.
    withFile(dbPath, (sqlite) => withoutTriggers(sqlite, () => sqlite.prepare(`update audit_events set actor_name = 'Someone Else' where id = 2`).run()))
    const edited = auditVerify('--db', dbPath)
    expect(edited.out).toContain('Audit trail BROKEN at event #2: its contents do not match its hash')
    expect(edited.code).toBe(1)
  }, 30_000)

  test('without its key a keyed trail is not verified, and the desk does not start; given by --key it is', async () => {
    await (await start()).dispose()
    const events = () => withFile(dbPath, (s) => s.prepare('select count(*) from audit_events').pluck().get())
    const before = events()
    const elsewhere = join(folder.dir, 'kept-apart.audit-key')
    renameSync(keyFileBeside(dbPath), elsewhere)

    const keyless = auditVerify('--db', dbPath)
    expect(keyless.out).toContain('are keyed (key id')
    expect(keyless.out).toContain('was not given, so they can’t be checked')
    expect(keyless.out).toContain('--key FILE')
    expect(keyless.code).toBe(2)
    await expect(start()).rejects.toThrow(/does not have the practice’s audit key/)
    expect(events()).toBe(before)

    const keyed = auditVerify('--db', dbPath, '--key', elsewhere)
    expect(keyed.out).toMatch(/Audit trail intact/)
    expect(keyed.code).toBe(0)
  }, 30_000)
})

describe('the head recorded outside the database', () => {
  test('is recorded within a second of an append, and at a clean shutdown', async () => {
    const desk = await start()
    const delays: number[] = []
    try {
      const anchors = new FileAnchorStore(defaultAnchorDir())
      const practiceId = practiceIdOf(dbPath)
      expect(anchors.read(practiceId)?.head).toMatchObject({ lastId: 1, count: 1, keyedFrom: 1 })
      for (let i = 0; i < 3; i++) {
        await record(desk, `test.append-${i}`)
        const appended = performance.now()
        const { id, hash } = await lastEvent(desk)
        while (anchors.read(practiceId)?.head.lastId !== id) {
          if (performance.now() - appended > 3000) throw new Error('The head was not recorded within 3 s.')
          await new Promise((r) => setTimeout(r, 20))
        }
        delays.push(Math.round(performance.now() - appended))
        expect(anchors.read(practiceId)?.head).toMatchObject({ lastId: id, hash, count: id, keyedFrom: 1 })
      }
      console.log(`audit head recorded ${delays.join(', ')} ms after the append`)
      expect(Math.max(...delays)).toBeLessThan(1000)

      // Appended just before a clean shutdown: dispose records it.
      await record(desk, 'test.last-one')
    } finally {
      await desk.dispose()
    }
    const last = withFile(dbPath, (s) => s.prepare('select id, hash from audit_events order by id desc limit 1').get() as { id: number; hash: string })
    expect(new FileAnchorStore(defaultAnchorDir()).read(practiceIdOf(dbPath))?.head).toMatchObject({ lastId: last.id, hash: last.hash })
  }, 30_000)

  test('when the folder for heads can’t be written, the desk still starts and tells admins', async () => {
    // A file where the folder should be: nothing can be created under it, even as root.
    const blocked = join(folder.dir, 'not-a-folder')
    writeFileSync(blocked, 'in the way')
    process.env['PORTICO_ANCHOR_DIR'] = blocked
    const desk = await start()
    try {
      expect(desk.ctx.session.auditWarning).toMatch(/could not record the audit trail’s last event outside the database .* Check that this folder exists and can be written to\./)
      await record(desk, 'test.still-recorded')
    } finally {
      await desk.dispose()
    }
    expect(logged.join('\n')).not.toContain(folder.dir)
    expect(auditVerify('--db', dbPath, '--anchor', join(folder.dir, 'nowhere'))).toEqual({ code: 2, out: `There is no anchor file, backup manifest or folder of them at ${join(folder.dir, 'nowhere')}.\n` })
  }, 30_000)

  test('every backup’s manifest records the head, and audit:verify checks a backup against it', async () => {
    const desk = await start()
    let backupPath: string
    let head: { id: number; hash: string | null }
    try {
      await record(desk, 'test.before-backup')
      head = await lastEvent(desk)
      backupPath = join(folder.dir, 'backups', (await desk.backupToDefaultFolder()).name)
    } finally {
      await desk.dispose()
    }
    const manifestPath = `${backupPath}.manifest.json`
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'))
    expect(manifest).toMatchObject({
      format: 'portico-backup-manifest',
      practiceId: practiceIdOf(dbPath),
      auditHead: { practiceId: practiceIdOf(dbPath), lastId: head.id, hash: head.hash, count: head.id, keyedFrom: 1 },
    })

    const copy = join(folder.dir, 'elsewhere', 'backup.sqlite3')
    mkdirSync(join(folder.dir, 'elsewhere'))
    cpSync(backupPath, copy)
    const checked = auditVerify('--db', copy, '--key', keyFileBeside(dbPath), '--anchor', manifestPath)
    expect(checked.out).toContain(`Checked against the head recorded in ${manifestPath}`)
    expect(checked.code).toBe(0)

    withFile(copy, (sqlite) => withoutTriggers(sqlite, () => sqlite.prepare('delete from audit_events where id = (select max(id) from audit_events)').run()))
    const shortened = auditVerify('--db', copy, '--key', keyFileBeside(dbPath), '--anchor', manifestPath)
    expect(shortened.out).toContain(`Events after #${head.id - 1} are missing: the trail reached event #${head.id}`)
    expect(shortened.code).toBe(1)
  }, 30_000)

  test('restoring a backup brings the recorded head back to it, keeping the replaced head for the record', async () => {
    const desk = await start()
    try {
      await insertStaff(desk.ctx.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
      desk.ctx.session.staff = TEST_ADMIN
      const call = (channel: string, input: unknown) => dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})
      const backup = await call('backupNow', {})
      if (!backup.ok) throw new Error('backup failed')
      for (let i = 0; i < 3; i++) await record(desk, `test.after-backup-${i}`)
      expect(await call('restoreBackup', { name: (backup.value as { name: string }).name })).toMatchObject({ ok: true })
      expect(desk.ctx.session.auditWarning).toBeNull()
      await record(desk, 'test.after-restore')
    } finally {
      await desk.dispose()
    }
    const anchorFile = JSON.parse(readFileSync(join(defaultAnchorDir(), `${practiceIdOf(dbPath)}.json`), 'utf8'))
    const last = withFile(dbPath, (s) => s.prepare('select max(id) from audit_events').pluck().get() as number)
    expect(anchorFile.head.lastId).toBe(last)
    expect(anchorFile.replacedByRestore.lastId).toBeGreaterThan(0)

    const again = await start()
    try {
      expect(again.ctx.session.auditWarning).toBeNull()
    } finally {
      await again.dispose()
    }
    expect(auditVerify('--db', dbPath).code).toBe(0)
  }, 30_000)
})

describe('the practice’s key', () => {
  test('is never logged, printed, or written anywhere but its own key file (mode 0600)', async () => {
    const desk = await start()
    try {
      await record(desk, 'test.event')
      await desk.backupToDefaultFolder()
    } finally {
      await desk.dispose()
    }
    const keyPath = keyFileBeside(dbPath)
    const secret = JSON.parse(readFileSync(keyPath, 'utf8')).key as string
    const secretHex = Buffer.from(secret, 'base64url').toString('hex')
    if (process.platform !== 'win32') expect(statSync(keyPath).mode & 0o777).toBe(0o600)

    const key = new FileKeyStore(keyPath).read()!
    const seen = [
      ...logged,
      auditVerify('--db', dbPath).out,
      auditVerify('--db', dbPath, '--key', join(folder.dir, 'missing.audit-key')).out,
      inspect(key),
      JSON.stringify(key),
      String(key),
      `${key.keyId}`,
    ]
    for (const text of seen) {
      expect(text).not.toContain(secret)
      expect(text).not.toContain(secretHex)
    }
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    for (const file of files(folder.dir).filter((f) => f !== keyPath)) {
      const bytes = readFileSync(file)
      expect(bytes.includes(secret), file).toBe(false)
      expect(bytes.includes(Buffer.from(secret, 'base64url')), file).toBe(false)
    }
  }, 30_000)

  test('exports to a file and is imported from it once; a key file of another practice, or a damaged one, is refused', async () => {
    const key = ChainKey.generate()
    const exported = join(folder.dir, 'exported.audit-key')
    writeFileSync(exported, key.toKeyFile())
    expect(ChainKey.fromKeyFile(readFileSync(exported, 'utf8')).keyId).toBe(key.keyId)

    const kept = new Map<string, ChainKey>()
    const memory: KeyStore = { where: 'memory', load: async (id) => kept.get(id) ?? null, save: async (k) => void kept.set(k.practiceId, k) }
    const desk = importingKeyStore(memory, new FileKeyStore(exported))
    expect((await desk.load(key.practiceId))?.keyId).toBe(key.keyId)
    renameSync(exported, `${exported}.gone`)
    expect((await desk.load(key.practiceId))?.keyId).toBe(key.keyId)

    await expect(new FileKeyStore(`${exported}.gone`).load(ChainKey.generate().practiceId)).rejects.toThrow(/belongs to another practice/)
    writeFileSync(exported, key.toKeyFile().replace(/"key": "./, '"key": "A'))
    expect(() => new FileKeyStore(exported).read()).toThrow(AuditKeyFileError)
    await expect(new FileKeyStore(`${exported}.gone`).save(ChainKey.generate(key.practiceId))).rejects.toThrow(/already a different audit key/)
    expect(existsSync(`${exported}.gone`)).toBe(true)
  })

  test('admins save it as a file (an audited event); front-desk staff cannot; another computer imports it from beside the database', async () => {
    const desk = await start()
    let saved: { filename: string; text: string; keyId: string }
    try {
      await insertStaff(desk.ctx.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
      desk.ctx.session.staff = { ...TEST_ADMIN, role: 'front_desk' }
      // The role is read from the database on every call: this account is an admin there.
      await desk.ctx.db.updateTable('staff_accounts').set({ role: 'front_desk' }).execute()
      expect(await dispatch(handlers, desk.ctx, 'exportAuditKey', {}, { trusted: true }, () => {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
      await desk.ctx.db.updateTable('staff_accounts').set({ role: 'admin' }).execute()
      desk.ctx.session.staff = TEST_ADMIN
      const result = await dispatch(handlers, desk.ctx, 'exportAuditKey', {}, { trusted: true }, () => {})
      if (!result.ok) throw new Error(result.error.message)
      saved = result.value as typeof saved
    } finally {
      await desk.dispose()
    }
    expect(saved.filename).toBe('portico.audit-key')
    expect(saved.text).toBe(readFileSync(keyFileBeside(dbPath), 'utf8'))
    const exportEvent = withFile(dbPath, (s) => s.prepare(`select actor_name, detail from audit_events where action = 'audit.key.export'`).get())
    expect(exportEvent).toEqual({ actor_name: TEST_ADMIN.displayName, detail: JSON.stringify({ keyId: saved.keyId }) })

    // Another computer: the database alone won't open; with the saved file beside it, it does.
    const other = join(folder.dir, 'other-computer')
    mkdirSync(other)
    cpSync(dbPath, join(other, 'portico.sqlite3'))
    process.env['PORTICO_ANCHOR_DIR'] = join(other, 'audit-anchors')
    dbPath = join(other, 'portico.sqlite3')
    await expect(start()).rejects.toThrow(/does not have the practice’s audit key/)
    writeFileSync(join(other, 'portico.audit-key'), saved.text)
    const there = await start()
    try {
      expect(there.ctx.session.auditWarning).toBeNull()
    } finally {
      await there.dispose()
    }
  }, 30_000)
})

