import { execFileSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { tempDatabase, testContext } from '../support/temp-db'
import { asIntruder } from '../support/database'
import { DIALECTS } from '../support/dialects'
import { useCheapPasswordHashing } from '../support/cheap-hashing'

// These tests are about the rules around passwords, not their cost: new hashes use CHEAP_SCRYPT.
useCheapPasswordHashing()

describe.each(DIALECTS)('on %s', (dialect) => {

  const ROOT = resolve(__dirname, '../..')
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let ctx: HandlerContext
  /** The desk's clock, which a test moves forward past the wait after a wrong password. */
  let offsetMs = 0
  const advance = (ms: number) => {
    offsetMs += ms
  }
  beforeEach(async () => {
    offsetMs = 0
    t = await tempDatabase({ dialect, demo: true, staff: false })
    ctx = testContext(t.db, () => new Date(Date.now() + offsetMs), null)
  })
  afterEach(async () => t.close())

  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) =>
    dispatch(handlers, ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
  async function ok<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value
  }

  const ADMIN_PASSWORD = 'copper-kettle-harbour-moss'

  async function setUpPractice() {
    return ok('setupPractice', { setup: { mode: 'new', practiceName: 'Harbour Physio', username: 'maria', displayName: 'Maria Lopez', password: ADMIN_PASSWORD } })
  }

  describe('first run and signing in', () => {
    test('a new database asks for setup; setup creates the practice and signs its first admin in', async () => {
      expect(await ok('getSession', {})).toMatchObject({ state: 'setup', staff: null })
      const { session, demoAdmin } = await setUpPractice()
      expect(demoAdmin).toBeNull()
      expect(session).toMatchObject({ state: 'signed-in', practiceName: 'Harbour Physio', staff: { username: 'maria', displayName: 'Maria Lopez', role: 'admin' } })
      expect(await call('setupPractice', { setup: { mode: 'demo' } })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    })

    test('the demo practice comes with a demo admin whose password is shown once', async () => {
      const { demoAdmin, session } = await ok('setupPractice', { setup: { mode: 'demo' } })
      expect(session.state).toBe('signed-out')
      expect(demoAdmin).toMatchObject({ username: 'demo.admin', password: expect.stringMatching(/^demo-/) })
      expect(await ok('signIn', { username: 'demo.admin', password: demoAdmin!.password })).toMatchObject({ state: 'signed-in', staff: { role: 'admin' } })
    })

    test('a front-desk member signs in, can work with clients but not manage staff; lock and unlock need their own password', async () => {
      await setUpPractice()
      const desk = await ok('createStaff', { staff: { username: 'robin', displayName: 'Robin Tane', role: 'front_desk', password: 'totara-lantern-pebble-7' } })
      await ok('signOut', {})
      expect(await call('listClients', { query: '' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      expect(await call('signIn', { username: 'robin', password: 'wrong-password-here' })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      advance(1000)
      expect(await ok('signIn', { username: 'ROBIN', password: 'totara-lantern-pebble-7' })).toMatchObject({ state: 'signed-in', staff: { id: desk.id, role: 'front_desk' } })
      expect((await ok('listClients', { query: 'joefake' })).total).toBe(1)
      expect(await call('listStaff', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })

      expect(await ok('lock', {})).toMatchObject({ state: 'locked', staff: { id: desk.id } })
      expect(await call('listClients', { query: '' })).toMatchObject({ ok: false, error: { code: 'SESSION_LOCKED' } })
      expect(await call('unlock', { password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
      advance(1000)
      expect(await ok('unlock', { password: 'totara-lantern-pebble-7' })).toMatchObject({ state: 'signed-in' })
    })

    test('five failed sign-ins lock a staff account for 15 minutes, like the portal', async () => {
      await setUpPractice()
      await ok('signOut', {})
      for (const [i, wait] of [1000, 2000, 4000, 8000, 0].entries()) {
        expect(await call('signIn', { username: 'maria', password: `not-it-${i}` })).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } })
        advance(wait)
      }
      expect(await call('signIn', { username: 'maria', password: ADMIN_PASSWORD })).toMatchObject({ ok: false, error: { code: 'LOCKED' } })
    })

    test('there is always an active admin', async () => {
      const { session } = await setUpPractice()
      expect(await call('updateStaff', { staffId: session.staff!.id, staff: { displayName: 'Maria Lopez', role: 'front_desk', active: true } })).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT', message: expect.stringMatching(/at least one active admin/) },
      })
    })
  })

  describe('the audit trail', () => {
    test('each action writes exactly one event, chained by hash, and the verifier names the first broken row', async () => {
      await setUpPractice()
      const joe = (await ok('listClients', { query: 'joefake' })).items[0]!.id
      const before = (await t.db.selectFrom('audit_events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).id
      await ok('setPortalAccess', { clientId: joe, enabled: false })
      await ok('getClient', { clientId: joe })
      const after = await t.db.selectFrom('audit_events').select(['action', 'actor_name']).where('id', '>', before).orderBy('id').execute()
      expect(after).toEqual([
        { action: 'portal.access.disable', actor_name: 'Maria Lopez' },
        { action: 'client.view', actor_name: 'Maria Lopez' },
      ])
      expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: true, firstBroken: null })

      // Tamper the way someone with the file (or the server database's owner) could: lift the trigger, edit a row.
      const target = (await t.db.selectFrom('audit_events').select('id').where('action', '=', 'portal.access.disable').executeTakeFirstOrThrow()).id
      const lift = dialect === 'sqlite' ? 'drop trigger audit_events_no_update' : 'alter table audit_events disable trigger audit_events_no_update'
      await asIntruder(t.path, [lift, `update audit_events set actor_name = 'Someone Else' where id = ${target}`])
      expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: false, firstBroken: { id: target } })

      let exit = 0
      let printed: string
      try {
        printed = execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/audit-verify-cli.ts'), '--db', t.path], { encoding: 'utf8' })
      } catch (error) {
        exit = (error as { status: number }).status
        printed = (error as { stdout: string }).stdout
      }
      expect(exit).toBe(1)
      expect(printed).toContain(`BROKEN at event #${target}`)
    })

    test('the Activity tab tells the client’s portal history in plain words', async () => {
      await setUpPractice()
      const joe = (await ok('listClients', { query: 'joefake' })).items[0]!.id
      await ok('setPortalAccess', { clientId: joe, enabled: false })
      await ok('setPortalAccess', { clientId: joe, enabled: true })
      const items = await ok('getClientActivity', { clientId: joe })
      expect(items.map((i) => i.text)).toEqual(['Portal access turned on by Maria Lopez (admin)', 'Portal access turned off by Maria Lopez (admin)'])
    })

    test('admins export a date range as CSV, with formulas neutralised and no secrets', async () => {
      await setUpPractice()
      // The desk's own calendar day, as the admin sees it (the test passes in any TZ, e.g. TZ=Pacific/Auckland).
      const now = new Date()
      const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
      await ok('createStaff', { staff: { username: 'eve', displayName: '=HYPERLINK("x")', role: 'front_desk', password: 'totara-lantern-pebble-7' } })
      await ok('signIn', { username: 'eve', password: 'totara-lantern-pebble-7' })
      await ok('signIn', { username: 'maria', password: ADMIN_PASSWORD })
      const { csv, rows, filename } = await ok('exportAudit', { from: today, to: today })
      expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
      expect(filename).toBe(`portico-audit-${today}-to-${today}.csv`)
      expect(csv.split('\n')[0]).toBe('id,occurred_at,actor_type,actor_name,actor_staff_id,workstation,action,client_id,outcome,detail,hash')
      expect(rows).toBeGreaterThan(1)
      expect(csv).not.toContain('totara-lantern')
      expect(csv).not.toContain(ADMIN_PASSWORD)
      const none = await ok('exportAudit', { from: '2001-01-01', to: '2001-01-02' })
      expect(none.rows).toBe(0)
    })
  })
})
