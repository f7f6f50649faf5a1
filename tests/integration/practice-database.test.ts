import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, inject, test } from 'vitest'
import { FileAnchorStore } from '../../db/audit/chain-head'
import { HEAD_DELAY_MS } from '../../db/audit/head-recorder'
import { FileKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { openDatabase } from '../../db/connection'
import { seedDemoPractice } from '../../db/demo-practice'
import { insertStaff } from '../../db/repositories/staff.repository'
import { DESK_CONFIG_NAME, DeskConfigStore, type SecretSealer } from '../../electron/main/desk/desk-config'
import { deskStartTarget } from '../../electron/main/desk/start-target'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { databasesOn, freePort } from '../support/postgres-server'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/** Electron's safeStorage at the seam: a reversible scrambling standing in for the OS keychain. */
const sealer: SecretSealer & { isAvailable: boolean } = {
  isAvailable: true,
  available() {
    return this.isAvailable
  },
  seal: (text) => `sealed:${Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)).toString('base64')}`,
  open: (sealed) => Buffer.from(Buffer.from(sealed.slice(7), 'base64').map((b) => b ^ 0x5a)).toString(),
}

let folder: ReturnType<typeof tempDir>
let rendererDir: string
let server: ReturnType<typeof databasesOn>
const running: DeskRuntime[] = []
const databases: string[] = []
const logged: string[] = []
beforeEach(() => {
  folder = tempDir()
  rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  server = databasesOn(inject('postgresAdminUrl'))
  sealer.isAvailable = true
  logged.length = 0
})
afterEach(async () => {
  for (const runtime of running.splice(0)) await runtime.dispose().catch(() => undefined)
  for (const url of databases.splice(0)) await server.drop(url)
  folder.cleanup()
})

async function emptyServerDatabase(): Promise<string> {
  const url = await server.create()
  databases.push(url)
  return url
}

/** The server as an admin types it into Settings → Practice database. */
function typed(url: string, change: Partial<ChannelInput<'checkPracticeServer'>['server']> = {}) {
  const u = new URL(url)
  return { host: u.hostname, port: Number(u.port), database: u.pathname.slice(1), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), tls: 'off' as const, ...change }
}

/** A desk with a folder of its own, as on its own computer, on its own built-in practice (the demo one, if asked). */
async function deskOnItsOwnFile(name: string, options: { demo?: boolean } = {}): Promise<DeskRuntime> {
  const deskDir = join(folder.dir, name)
  mkdirSync(deskDir, { recursive: true })
  const file = join(deskDir, 'portico.sqlite3')
  const { db } = await openDatabase(file)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  if (options.demo) await seedDemoPractice(db)
  await db.destroy()
  return startDesk(name, file)
}

async function startDesk(name: string, dbPath: string): Promise<DeskRuntime> {
  const deskDir = join(folder.dir, name)
  const runtime = await createDeskRuntime({
    dbPath,
    deskDir,
    builtInPath: join(deskDir, 'portico.sqlite3'),
    deskConfig: new DeskConfigStore(join(deskDir, DESK_CONFIG_NAME), sealer),
    workstation: name,
    rendererDir,
    portalHost: '127.0.0.1',
    log: (line) => logged.push(line),
    audit: (path) => ({ keys: new FileKeyStore(keyFileBeside(path, join(deskDir, 'keys'))), anchors: new FileAnchorStore(join(deskDir, 'audit-anchors')) }),
  })
  running.push(runtime)
  runtime.ctx.session.staff = TEST_ADMIN
  return runtime
}

const call = <K extends ChannelName>(desk: DeskRuntime, channel: K, input: ChannelInput<K>) =>
  dispatch(handlers, desk.ctx, channel, input, { trusted: true }, (line) => logged.push(line)) as Promise<Result<ChannelOutput<K>>>

async function ok<K extends ChannelName>(desk: DeskRuntime, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const result = await call(desk, channel, input)
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.value
}

/** Every file in a folder and its subfolders. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]))
}

const configText = (name: string) => readFileSync(join(folder.dir, name, DESK_CONFIG_NAME), 'utf8')

describe.skipIf(!DIALECTS.includes('postgres'))('Settings → Practice database', () => {
  test('shows the built-in database; Test connection says what is wrong beside the field it concerns, and nothing typed is refused silently', async () => {
    const desk = await deskOnItsOwnFile('front-desk')
    expect(await ok(desk, 'getPracticeDatabase', {})).toEqual({ kind: 'built-in', location: join(folder.dir, 'front-desk', 'portico.sqlite3'), fileBackups: true, server: null, moving: null, notices: [] })
    const url = await emptyServerDatabase()

    expect(await ok(desk, 'checkPracticeServer', { server: typed(url), purpose: 'move' })).toMatchObject({ ok: true, holdsPractice: false, message: expect.stringMatching(/^Connected to PostgreSQL \d+.*empty/) })
    expect(await ok(desk, 'checkPracticeServer', { server: typed(url, { password: 'not-the-password' }), purpose: 'move' })).toMatchObject({ ok: false, problem: 'wrong-password', field: 'password' })
    expect(await ok(desk, 'checkPracticeServer', { server: typed(url, { port: await freePort() }), purpose: 'move' })).toMatchObject({ ok: false, problem: 'unreachable', field: 'host' })
    expect(await ok(desk, 'checkPracticeServer', { server: typed(url, { database: 'no_such_database' }), purpose: 'move' })).toMatchObject({ ok: false, problem: 'no-database', field: 'database' })
    expect(await ok(desk, 'checkPracticeServer', { server: typed(url), purpose: 'join' })).toMatchObject({ ok: false, problem: 'empty', field: 'database' })

    expect(await call(desk, 'checkPracticeServer', { server: typed(url, { tls: 'verify' }), purpose: 'move' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'server.caFile' }] } })
    expect(await call(desk, 'checkPracticeServer', { server: typed(url, { host: 'postgres://db/x' }), purpose: 'move' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'server.host' }] } })
    // No password typed and none kept for that server: asked for, never guessed from another server's.
    expect(await call(desk, 'checkPracticeServer', { server: typed(url, { password: undefined }), purpose: 'move' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'password' }] } })
  })

  test('Move this practice to the server: the counts before and after, the desk on the server with its trail intact, the file left as it was, the password sealed on this computer only', async () => {
    const desk = await deskOnItsOwnFile('front-desk', { demo: true })
    const file = desk.ctx.data!.path
    const url = await emptyServerDatabase()
    const password = typed(url).password

    const moved = await ok(desk, 'movePracticeToServer', { server: typed(url) })
    expect(moved.counts!.after).toEqual(moved.counts!.before)
    expect(moved.counts!.before).toMatchObject({ clients: 200, staff: 1 })
    expect(moved).toMatchObject({ signedOut: false, database: { kind: 'server', fileBackups: false, location: `${typed(url).host}:${typed(url).port}/${typed(url).database}` } })
    expect(moved.message).toMatch(/now on the server .* left as it was/)

    // The desk works on the server, signed in as before, and its audit trail checks out there.
    expect((await ok(desk, 'listClients', { query: '' })).total).toBe(200)
    expect(await ok(desk, 'getSession', {})).toMatchObject({ state: 'signed-in', auditWarning: null })
    expect(await call(desk, 'backupNow', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/on the server .*pg_dump.*Several desks/) } })

    // The file holds exactly what was copied: nothing was written to it during or after the move.
    const local = await openDatabase(file)
    const events = await local.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(events.n)).toBe(moved.counts!.before.auditEvents)
    await local.db.destroy()

    // The password: sealed in this computer's settings, never as typed, never in the practice's database, never sent back or logged.
    const config = configText('front-desk')
    expect(config).not.toContain(password)
    expect(JSON.parse(config).database).toMatchObject({ engine: 'postgres', sealedPassword: expect.stringMatching(/^sealed:/) })
    expect(JSON.stringify(moved)).not.toContain(password)
    expect(JSON.stringify(await ok(desk, 'getPracticeDatabase', {}))).not.toContain(password)
    const settings = await desk.ctx.db.selectFrom('settings').select(['key', 'value']).execute()
    expect(JSON.stringify(settings)).not.toContain(password)
    expect(logged.join('\n')).not.toContain(password)
    for (const path of filesUnder(join(folder.dir, 'front-desk'))) expect(readFileSync(path).includes(password), path).toBe(false)

    // Started again from this computer's settings, the desk opens the server.
    await running.splice(0)[0]!.dispose()
    const start = deskStartTarget(new DeskConfigStore(join(folder.dir, 'front-desk', DESK_CONFIG_NAME), sealer), join(folder.dir, 'front-desk', 'portico.sqlite3'))
    expect(start.notice).toBeNull()
    const again = await startDesk('front-desk', start.dbPath)
    expect((await ok(again, 'listClients', { query: '' })).total).toBe(200)
    expect(again.ctx.session.auditWarning).toBeNull()
  })

  test('another desk joins with the practice’s audit key; without it, or with another practice’s, it is told beside the field and stays where it was', async () => {
    const first = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    await ok(first, 'movePracticeToServer', { server: typed(url) })
    const practiceKey = await ok(first, 'exportAuditKey', {})

    const billing = await deskOnItsOwnFile('billing')
    const ownKey = await ok(billing, 'exportAuditKey', {})
    expect(await call(billing, 'joinPracticeServer', { server: typed(url) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'auditKey', message: expect.stringMatching(/Choose the key file/) }] } })
    expect(await call(billing, 'joinPracticeServer', { server: typed(url), auditKey: ownKey.text })).toMatchObject({ ok: false, error: { fields: [{ field: 'auditKey', message: expect.stringMatching(/another practice/) }] } })
    expect(await call(billing, 'joinPracticeServer', { server: typed(url), auditKey: 'not a key' })).toMatchObject({ ok: false, error: { fields: [{ field: 'auditKey' }] } })
    expect(await ok(billing, 'getPracticeDatabase', {})).toMatchObject({ kind: 'built-in' })

    const joined = await ok(billing, 'joinPracticeServer', { server: typed(url), auditKey: practiceKey.text })
    expect(joined).toMatchObject({ signedOut: true, counts: null, database: { kind: 'server', fileBackups: false, server: { passwordSaved: true } } })
    expect(joined.message).toMatch(/now uses the practice server .*Sign in/)
    // Signed out: the server has its own staff accounts. Signed in there, the desk sees the practice.
    expect(await ok(billing, 'getSession', {})).toMatchObject({ state: 'signed-out' })
    billing.ctx.session.staff = TEST_ADMIN
    expect((await ok(billing, 'listClients', { query: '' })).total).toBe(200)
    expect(billing.ctx.session.auditWarning).toBeNull()
    expect(configText('billing')).not.toContain(typed(url).password)

    // A client added at one desk is there at the other.
    await ok(billing, 'createClient', { client: { firstName: 'Added', lastName: 'AtBilling', preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' } })
    expect((await ok(first, 'listClients', { query: 'Added AtBilling' })).items).toHaveLength(1)

    // Back to this computer only: the billing desk's own practice, as it was.
    const back = await ok(billing, 'useBuiltInDatabase', {})
    expect(back).toMatchObject({ signedOut: true, database: { kind: 'built-in', fileBackups: true } })
    billing.ctx.session.staff = TEST_ADMIN
    expect((await ok(billing, 'listClients', { query: '' })).total).toBe(0)
    expect(JSON.parse(configText('billing')).database).toEqual({ engine: 'sqlite', file: join(folder.dir, 'billing', 'portico.sqlite3') })
    // Its password, left empty, is the one kept for that server: the desk can join again without typing it.
    expect(await ok(billing, 'checkPracticeServer', { server: typed(url, { password: undefined }), purpose: 'join' })).toMatchObject({ ok: true, holdsPractice: true, clients: 201 })
  })

  test.each([
    ['at once', 0],
    ['once the server’s head was recorded here', HEAD_DELAY_MS + 300],
  ])('going back to the built-in copy after a move (%s), and on to the server again, is deliberate: no audit warning, then or at the next start', async (_when, waitMs) => {
    const desk = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    await ok(desk, 'movePracticeToServer', { server: typed(url) })
    await ok(desk, 'createClient', { client: { firstName: 'Only', lastName: 'OnServer', preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' } })

    await new Promise((resolve) => setTimeout(resolve, waitMs))

    await ok(desk, 'useBuiltInDatabase', {})
    desk.ctx.session.staff = TEST_ADMIN
    expect(await ok(desk, 'getSession', {})).toMatchObject({ auditWarning: null })
    expect((await ok(desk, 'listClients', { query: '' })).total).toBe(200)
    // Started again on the built-in database, the desk finds its trail as it left it.
    await running.splice(0)[0]!.dispose()
    const again = await startDesk('front-desk', join(folder.dir, 'front-desk', 'portico.sqlite3'))
    expect(again.ctx.session.auditWarning).toBeNull()

    await ok(again, 'joinPracticeServer', { server: typed(url) })
    again.ctx.session.staff = TEST_ADMIN
    expect(await ok(again, 'getSession', {})).toMatchObject({ auditWarning: null })
    expect((await ok(again, 'listClients', { query: '' })).total).toBe(201)
    await running.splice(0)[0]!.dispose()
    const onServer = await startDesk('front-desk', deskStartTarget(new DeskConfigStore(join(folder.dir, 'front-desk', DESK_CONFIG_NAME), sealer), '').dbPath)
    expect(onServer.ctx.session.auditWarning).toBeNull()
  })

  test('a built-in database this desk can’t open (its audit key is gone) is not switched to: the desk carries on with the server', async () => {
    const desk = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    await ok(desk, 'movePracticeToServer', { server: typed(url) })
    rmSync(join(folder.dir, 'front-desk', 'portico.audit-key'))

    const refused = await call(desk, 'useBuiltInDatabase', {})
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/^This desk was not switched: .*audit key.* It still uses the server /) } })
    expect(await ok(desk, 'getPracticeDatabase', {})).toMatchObject({ kind: 'server' })
    expect(await ok(desk, 'createClient', { client: { firstName: 'Still', lastName: 'Working', preferredName: '', dateOfBirth: '1990-01-01', email: '', phone: '' } })).toMatchObject({ lastName: 'Working' })
    expect(await ok(desk, 'getSession', {})).toMatchObject({ state: 'signed-in', auditWarning: null })
  })

  test('two clicks on Move at once: one move, and the other is told to wait', async () => {
    const desk = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    const [first, second] = await Promise.all([call(desk, 'movePracticeToServer', { server: typed(url) }), call(desk, 'movePracticeToServer', { server: typed(url) })])
    expect([first.ok, second.ok].sort()).toEqual([false, true])
    expect([first, second].find((r) => !r.ok)).toMatchObject({ error: { code: 'CONFLICT', message: expect.stringMatching(/already changing its practice database/) } })
    expect((await ok(desk, 'listClients', { query: '' })).total).toBe(200)
  })

  test('a server database that already holds a practice is refused for a move, and the desk stays on its own', async () => {
    const first = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    await ok(first, 'movePracticeToServer', { server: typed(url) })
    const other = await deskOnItsOwnFile('other')
    expect(await call(other, 'movePracticeToServer', { server: typed(url) })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: [{ field: 'database' }] } })
    expect(await ok(other, 'getPracticeDatabase', {})).toMatchObject({ kind: 'built-in' })
    expect(await call(first, 'movePracticeToServer', { server: typed(url) })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
  })

  test('where this computer’s secure storage is unavailable, the server is not used: its password could not be kept safely', async () => {
    const desk = await deskOnItsOwnFile('front-desk', { demo: true })
    const url = await emptyServerDatabase()
    sealer.isAvailable = false
    expect(await call(desk, 'movePracticeToServer', { server: typed(url) })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/secure storage is not available.*Nothing was changed/) } })
    expect(await ok(desk, 'getPracticeDatabase', {})).toMatchObject({ kind: 'built-in' })
    expect(await ok(desk, 'checkPracticeServer', { server: typed(url), purpose: 'move' })).toMatchObject({ ok: true })
  })
})
