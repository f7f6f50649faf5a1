import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type OpenedDatabase, openDatabase } from '../../db/connection'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { DIALECTS } from '../support/dialects'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { TEST_ADMIN, testContext } from '../support/temp-db'

/**
 * The practice's server stops in the middle of a run of writes (a reboot, a pulled cable), then
 * comes back. The server here is the test's own, so it can be stopped for real.
 */
describe.runIf(DIALECTS.includes('postgres'))('when the practice server goes away in the middle of a run of writes', () => {
  let server: TestPostgresServer
  let opened: OpenedDatabase
  beforeAll(async () => {
    server = await startTestPostgres()
    opened = await openDatabase(await server.createDatabase('practice'), { busyTimeoutMs: 2000 })
    await insertStaff(opened.db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'not-a-usable-hash', now: new Date().toISOString() })
  }, 30_000)
  afterAll(async () => {
    await opened?.db.destroy()
    await server?.destroy()
  })

  const create = (n: number) =>
    dispatch(handlers, testContext(opened.db), 'createClient', { client: { firstName: `Outage${n}`, lastName: 'Test', preferredName: '', dateOfBirth: '1990-02-03', email: '', phone: '' } }, { trusted: true }, () => {})

  test('each write says saved or says the server is unreachable; nothing crashes; every write reported saved is there after', async () => {
    const saved: string[] = []
    const refused: { code: string; message: string }[] = []
    const write = async (n: number) => {
      const result = await create(n)
      if (result.ok) saved.push(`Outage${n}`)
      else refused.push(result.error)
    }
    for (let n = 0; n < 10; n++) await write(n)
    await server.stop()
    for (let n = 10; n < 20; n++) await write(n)
    await server.start()
    // The desk carries on by itself: the next writes go through without anything being reopened.
    for (let n = 20; n < 30; n++) await write(n)

    expect(refused.length).toBeGreaterThanOrEqual(10)
    for (const error of refused) {
      expect(error).toEqual({ code: 'STORAGE_UNREACHABLE', message: expect.stringMatching(/can’t reach the practice database.*Nothing was changed/) })
    }
    expect(saved).toEqual(expect.arrayContaining([...Array(10).keys()].map((n) => `Outage${n + 20}`)))
    const stored = (await opened.db.selectFrom('clients').select('first_name').where('last_name', '=', 'Test').orderBy('id').execute()).map((r) => r.first_name)
    expect(stored).toEqual(saved)
    // Each saved client has its audit event, and the chain of events is whole.
    const events = await opened.db.selectFrom('audit_events').select(['action', 'prev_hash', 'hash']).where('action', '=', 'client.create').orderBy('id').execute()
    expect(events).toHaveLength(saved.length)
  }, 60_000)
})
