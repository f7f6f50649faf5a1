import { afterEach, describe, expect, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { migrationsFor } from '../../db/migrations'
import { listClients } from '../../db/repositories/clients.repository'
import { putSetting } from '../../db/repositories/settings.repository'
import { DIALECTS } from '../support/dialects'
import { insertManyClients } from '../support/many-clients'
import { newDatabaseTarget, tempDir } from '../support/temp-db'

/**
 * Issue 13: a practice's existing phone numbers are stored in one format (E.164) for its country
 * when Portico updates, a number that can't be read stays exactly as it was, and each number's
 * digits are made again so every way of typing it finds it.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  const all = migrationsFor(dialect)
  const before0009 = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0009'))
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c()
  })

  /** A database as Portico left it before 0009, with these phones and country; opened again, updated. */
  async function upgraded(phones: (string | null)[], country: string | null) {
    const dir = tempDir()
    const { target, drop } = await newDatabaseTarget(dialect, dir.dir)
    const old = await openDatabase(target, { migrations: before0009 })
    if (country !== null) await putSetting(old.db, 'practice.country', country)
    const ids = await insertManyClients(old.db, phones.map((phone, i) => ({ firstName: `Client${String(i)}`, lastName: 'Phone', phone })))
    await old.db.destroy()
    const opened = await openDatabase(target)
    cleanups.push(async () => {
      await opened.db.destroy()
      await drop()
      dir.cleanup()
    })
    const rows = await opened.db.selectFrom('clients').select(['id', 'phone', 'phone_digits', 'phone_tail']).orderBy('id').execute()
    return { db: opened.db, ids, rows: rows.map(({ phone, phone_digits, phone_tail }) => ({ phone, phone_digits, phone_tail })) }
  }

  test('numbers readable for the practice’s country become E.164 with their digits; the rest stay exactly as they were', async () => {
    const { rows } = await upgraded(['(202) 555-0143', '202.555.0144', '+44 20 7946 0958', '(555) 236-4843', ' 555 0100 ', null], 'US')
    expect(rows).toEqual([
      { phone: '+12025550143', phone_digits: '12025550143', phone_tail: '5550143' },
      { phone: '+12025550144', phone_digits: '12025550144', phone_tail: '5550144' },
      { phone: '+442079460958', phone_digits: '442079460958', phone_tail: '9460958' },
      { phone: '(555) 236-4843', phone_digits: '5552364843', phone_tail: '2364843' },
      { phone: ' 555 0100 ', phone_digits: '5550100', phone_tail: '5550100' },
      { phone: null, phone_digits: null, phone_tail: null },
    ])
  })

  test('with no country chosen, only numbers written with their country code change', async () => {
    const { rows } = await upgraded(['+64 21 555 0199', '021 555 0199'], null)
    expect(rows.map((r) => r.phone)).toEqual(['+64215550199', '021 555 0199'])
  })

  test('after the update, each way of typing a number finds its client, and one kept as it was is found too', async () => {
    const { db, ids } = await upgraded(['(202) 555-0143', '(555) 236-4843', '(415) 236-4800'], 'US')
    const found = async (query: string) => (await listClients(db, { query, limit: 10 })).items.map((c) => c.id)
    for (const typed of ['(202) 555-0143', '202-555-0143', '+1 202 555 0143', '2025550143', '1 202 555 0143', '555-0143', '(202) 555']) {
      expect(await found(typed), typed).toEqual([ids[0]])
    }
    for (const typed of ['(555) 236-4843', '555-236-4843', '+1 555 236 4843', '5552364843', '236-4843']) {
      expect(await found(typed), typed).toEqual([ids[1]])
    }
  })

  // PORTICO_MEASURE_PHONES=100000 times the update at that many clients (not part of the suite).
  const measure = Number(process.env['PORTICO_MEASURE_PHONES'] ?? 0)
  test.skipIf(measure === 0)(`updates ${String(measure)} clients’ phones in reasonable time`, { timeout: 600_000 }, async () => {
    const dir = tempDir()
    const { target, drop } = await newDatabaseTarget(dialect, dir.dir)
    const old = await openDatabase(target, { migrations: before0009 })
    await putSetting(old.db, 'practice.country', 'US')
    const styles = (i: number) => [`(202) 555-${String(i % 10000).padStart(4, '0')}`, `415.236.${String(i % 10000).padStart(4, '0')}`, `+44 20 7946 ${String(i % 10000).padStart(4, '0')}`, '(555) 236-4843', null][i % 5]!
    for (let start = 0; start < measure; start += 20_000) {
      await insertManyClients(old.db, Array.from({ length: Math.min(20_000, measure - start) }, (_, i) => ({ firstName: 'Many', lastName: 'Phones', phone: styles(start + i) })))
    }
    await old.db.destroy()
    const started = performance.now()
    const opened = await openDatabase(target)
    const ms = performance.now() - started
    console.log(`[measure] ${dialect}: 0009 over ${String(measure)} clients took ${(ms / 1000).toFixed(1)} s`)
    const sample = await opened.db.selectFrom('clients').select('phone').where('id', '=', 1).executeTakeFirstOrThrow()
    expect(sample.phone).toBe('+12025550000')
    await opened.db.destroy()
    await drop()
    dir.cleanup()
  })
})
