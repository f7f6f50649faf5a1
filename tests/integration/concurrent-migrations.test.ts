import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DatabaseFromFutureError, openDatabase } from '../../db/connection'
import { migrationsFor } from '../../db/migrations'
import { DIALECTS } from '../support/dialects'
import { type Desk, atOnce, desksOn } from '../support/desks'
import { newDatabaseTarget, tempDir } from '../support/temp-db'

/**
 * Issue 11, "Correct under concurrency": two desks starting a new version of Portico at the same
 * moment migrate the practice's database exactly once, and a desk older than the schema refuses it
 * with the message it has always given.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  const all = Object.keys(migrationsFor(dialect)).sort()
  const older = Object.fromEntries(Object.entries(migrationsFor(dialect)).slice(0, -1))
  const FROM_THE_FUTURE = new DatabaseFromFutureError([]).message

  let target: string
  let cleanup: () => Promise<void>
  let desks: Desk[]
  beforeEach(async () => {
    const dir = tempDir()
    const database = await newDatabaseTarget(dialect, dir.dir)
    target = database.target
    desks = await desksOn(dialect, target)
    cleanup = async () => {
      await Promise.all(desks.map((d) => d.close()))
      await database.drop()
      dir.cleanup()
    }
  })
  afterEach(async () => cleanup())

  /** What the database records as applied, read by a connection of the test's own. */
  async function applied(): Promise<string[]> {
    const { db } = await openDatabase(target)
    try {
      return (await db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute()).map((r) => (r as { name: string }).name)
    } finally {
      await db.destroy()
    }
  }

  test('two desks opening a new, empty database at once: the schema is made once, and exactly one desk made it', async () => {
    const answers = await atOnce(desks, 'open', () => ({ migrations: 'all' }))
    expect(answers).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })])
    expect(answers.filter((a) => a.ok && a.created)).toHaveLength(1)
    expect(await applied()).toEqual(all)
  })

  test('two desks of a new version opening a database an older version left: it is migrated once, and both open it', async () => {
    const old = await openDatabase(target, { migrations: older })
    await old.db.destroy()
    const answers = await atOnce(desks, 'open', () => ({ migrations: 'all' }))
    expect(answers).toEqual([
      { ok: true, created: false, engine: dialect },
      { ok: true, created: false, engine: dialect },
    ])
    expect(await applied()).toEqual(all)

    // A desk still on the older version now refuses the database, with today's message.
    const [behind] = await desksOn(dialect, target, 1)
    desks.push(behind!)
    expect(await behind!.run('open', { migrations: 'older' })).toEqual({ ok: false, name: 'DatabaseFromFutureError', message: FROM_THE_FUTURE })
  })

  test('an older desk starting while a newer one migrates opens the database as it was, or refuses it with the same message', async () => {
    for (let round = 1; round <= 3; round++) {
      const round_ = await newDatabaseTarget(dialect, tempDir().dir)
      const old = await openDatabase(round_.target, { migrations: older })
      await old.db.destroy()
      const pair = await desksOn(dialect, round_.target)
      try {
        const [newer, behind] = await Promise.all([pair[0]!.run('open', { migrations: 'all' }), pair[1]!.run('open', { migrations: 'older' })])
        expect(newer, `round ${round}`).toEqual({ ok: true, created: false, engine: dialect })
        if (!behind.ok) expect(behind, `round ${round}`).toEqual({ ok: false, name: 'DatabaseFromFutureError', message: FROM_THE_FUTURE })
      } finally {
        await Promise.all(pair.map((d) => d.close()))
        await round_.drop()
      }
    }
  })
})
