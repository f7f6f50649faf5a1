import { afterEach, describe, expect, test } from 'vitest'
import { insertStaff } from '../../db/repositories/staff.repository'
import { hashPassword } from '../../electron/main/services/passwords'
import type { StaffIdentity } from '../../shared/dto'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { type Desk, atOnce, desksOn } from '../support/desks'
import { TEST_ADMIN, tempDatabase } from '../support/temp-db'

/**
 * Issue 11, "Correct under concurrency", at the desks: two desks of one practice doing the same
 * thing at the same moment, through the real dispatcher and handlers, each desk with its own
 * connection to the one database.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let desks: Desk[]
  async function practice(options: { staff: boolean }) {
    t = await tempDatabase({ dialect, staff: options.staff })
    desks = await desksOn(dialect, t.path)
    await atOnce(desks, 'open', () => ({ migrations: 'all' }))
  }
  afterEach(async () => {
    await Promise.all(desks.map((d) => d.close()))
    await t.close()
  })

  const count = async (table: 'staff_accounts' | 'clients') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const activeAdmins = async () => (await t.db.selectFrom('staff_accounts').select('username').where('role', '=', 'admin').where('active', '=', 1).execute()).map((r) => r.username)
  const won = (answers: Result<unknown>[]) => answers.filter((a) => a.ok)
  const lost = (answers: Result<unknown>[]) => answers.flatMap((a) => (a.ok ? [] : [a.error]))

  describe('first-run setup', () => {
    const newPractice = (username: string) => ({ setup: { mode: 'new' as const, practiceName: `Harbour Physio ${username}`, username, displayName: `${username} at the desk`, password: 'copper-kettle-harbour-moss' } })

    test('two desks setting up the practice at once (each clicking three times) create exactly one first admin', async () => {
      await practice({ staff: false })
      const answers = (
        await atOnce(desks, 'dispatch', (i) => ({ calls: [1, 2, 3].map((k) => ({ channel: 'setupPractice', input: newPractice(`admin.${i + 1}.${k}`), staff: null })) }))
      ).flat()
      expect(won(answers)).toHaveLength(1)
      // Every other desk is told the practice is set up: not a storage error, and nothing half-saved.
      expect(lost(answers)).toEqual(Array(5).fill(expect.objectContaining({ code: 'CONFLICT', message: 'This practice is already set up. Sign in instead.' })))
      expect(await count('staff_accounts')).toBe(1)
      expect(await activeAdmins()).toHaveLength(1)
    })

    test('a demo setup racing a real one never leaves demo clients in the real practice', async () => {
      await practice({ staff: false })
      const answers = (
        await atOnce(desks, 'dispatch', (i) => ({ calls: [{ channel: 'setupPractice', input: i === 0 ? newPractice('maria') : { setup: { mode: 'demo' } }, staff: null }] }))
      ).flat()
      expect(won(answers)).toHaveLength(1)
      expect(lost(answers)).toEqual([expect.objectContaining({ code: 'CONFLICT', message: 'This practice is already set up. Sign in instead.' })])
      const admins = await activeAdmins()
      expect(admins).toHaveLength(1)
      // The real practice has no clients yet; the demo practice has its 200.
      expect(await count('clients')).toBe(admins[0] === 'maria' ? 0 : 200)
    })
  })

  test('two admins demoting each other at once never leave the practice without an admin', async () => {
    await practice({ staff: true })
    const survivors: string[] = []
    for (let round = 1; round <= 5; round++) {
      // A new admin each round beside the one left standing, so every round is a fresh race.
      const hash = await hashPassword(`round-${round}-harbour-lantern`)
      const newcomer = await insertStaff(t.db, { username: `admin.${round}`, usernameKey: `admin.${round}`, displayName: `Admin ${round}`, role: 'admin', passwordHash: hash, now: new Date().toISOString() })
      const standing = await t.db.selectFrom('staff_accounts').selectAll().where('role', '=', 'admin').where('active', '=', 1).where('id', '!=', newcomer).executeTakeFirstOrThrow()
      const pair: StaffIdentity[] = [
        { id: standing.id, username: standing.username, displayName: standing.display_name, role: 'admin' },
        { id: newcomer, username: `admin.${round}`, displayName: `Admin ${round}`, role: 'admin' },
      ]
      const answers = (
        await atOnce(desks, 'dispatch', (i) => {
          const [me, other] = i === 0 ? pair : [pair[1]!, pair[0]!]
          return { calls: [{ channel: 'updateStaff', input: { staffId: other!.id, staff: { displayName: other!.displayName, role: 'front_desk', active: true } }, staff: me! }] }
        })
      ).flat()
      expect(won(answers), `round ${round}`).toHaveLength(1)
      // The other is told why (the practice needs an admin, or they are no longer one), not of a storage error.
      expect(lost(answers), `round ${round}`).toEqual([expect.objectContaining({ message: expect.stringMatching(/needs at least one active admin|Only an admin can do this/) })])
      const admins = await activeAdmins()
      expect(admins, `round ${round}`).toHaveLength(1)
      survivors.push(admins[0]!)
    }
    expect(survivors).toHaveLength(5)
  })

  test('two admins adding a colleague with the same username at once: one is added, the other is told the username is taken', async () => {
    await practice({ staff: true })
    const answers = (
      await atOnce(desks, 'dispatch', (i) => ({
        calls: [{ channel: 'createStaff', input: { staff: { username: 'sam.lee', displayName: `Sam Lee ${i + 1}`, role: 'front_desk', password: 'copper-kettle-harbour-moss' } }, staff: TEST_ADMIN }],
      }))
    ).flat()
    expect(won(answers)).toHaveLength(1)
    expect(lost(answers)).toEqual([expect.objectContaining({ code: 'CONFLICT', fields: [{ field: 'username', message: 'That username is already used by another staff member.' }] })])
    expect(await count('staff_accounts')).toBe(2)
  })

  describe('failed sign-in counts are exact under wrong passwords sent at once from two desks', () => {
    const START = Date.parse('2026-03-02T09:00:00.000Z')
    /** Rounds a minute apart: past any delay and the desk's own ceiling, never past the 15-minute lock. */
    const roundAt = (round: number) => new Date(START + round * 61_000).toISOString()
    const wrongGuesses = (desk: number, round: number, username: string) => ({
      at: roundAt(round),
      calls: [0, 1].map((k) => ({ channel: 'signIn', input: { username, password: `wrong-${desk}-${round}-${k}` }, staff: null })),
    })
    const codes = (answers: Result<unknown>[][]) => answers.flat().map((a) => (a.ok ? 'OK' : a.error.code)).sort()

    test('for a staff account: each round counts exactly one failure, and the fifth locks the account', { timeout: 60_000 }, async () => {
      await practice({ staff: false })
      await insertStaff(t.db, { username: 'maria', usernameKey: 'maria', displayName: 'Maria Lopez', role: 'admin', passwordHash: await hashPassword('copper-kettle-harbour-moss'), now: new Date().toISOString() })
      const account = () => t.db.selectFrom('staff_accounts').select(['failed_attempts', 'locked_until']).where('username', '=', 'maria').executeTakeFirstOrThrow()
      for (let round = 1; round <= 5; round++) {
        const answers = await atOnce(desks, 'dispatch', (i) => wrongGuesses(i, round, 'maria'))
        // One guess is checked and counted; the others arrive while it holds the account and are refused unchecked.
        expect(codes(answers), `round ${round}`).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'UNAUTHENTICATED'])
        const state = await account()
        if (round < 5) expect(state, `round ${round}`).toEqual({ failed_attempts: round, locked_until: null })
        else expect(state.locked_until).not.toBeNull()
      }
      const locked = await atOnce(desks, 'dispatch', (i) => wrongGuesses(i, 6, 'maria'))
      expect(codes(locked)).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED'])
      const outcomes = await t.db.selectFrom('audit_events').select('outcome').where('action', '=', 'staff.sign-in').execute()
      expect(outcomes.filter((o) => o.outcome === 'failure')).toHaveLength(5)
      expect(outcomes.filter((o) => o.outcome === 'denied')).toHaveLength(5 * 3 + 4)
    })

    test('for a username that matches no account, exactly as for a real one', { timeout: 60_000 }, async () => {
      await practice({ staff: true })
      for (let round = 1; round <= 5; round++) {
        const answers = await atOnce(desks, 'dispatch', (i) => wrongGuesses(i, round, 'nobody.here'))
        expect(codes(answers), `round ${round}`).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'UNAUTHENTICATED'])
      }
      expect(codes(await atOnce(desks, 'dispatch', (i) => wrongGuesses(i, 6, 'nobody.here')))).toEqual(['LOCKED', 'LOCKED', 'LOCKED', 'LOCKED'])
      const rows = await t.db.selectFrom('sign_in_throttles').select(['failed_attempts', 'locked_until']).execute()
      expect(rows).toEqual([{ failed_attempts: 0, locked_until: expect.any(String) }])
    })
  })
})
