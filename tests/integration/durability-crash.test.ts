import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { crashSeed, runThenKill, seededRandom } from '../support/crash-harness'
import { verifyChainAt } from '../support/audit-chain'
import { readDatabase } from '../support/database'
import { tempDir } from '../support/temp-db'

const ITERATIONS = 30

const cleanups: (() => void)[] = []
afterEach(() => cleanups.splice(0).forEach((c) => c()))

interface MarkerRow {
  marker: string
  accounts: number
  invites: number
  audits: number
}

/** What a check after a crash sees: every writer transaction, and how much of it is there. */
async function afterTheCrash(path: string) {
  const auditChain = await verifyChainAt(path)
  return readDatabase(path, (sqlite) => ({
    integrity: sqlite.pragma('integrity_check', { simple: true }),
    foreignKeyProblems: sqlite.pragma('foreign_key_check') as unknown[],
    auditChain,
    transactions: sqlite
      .prepare(
        `select c.last_name as marker,
          (select count(*) from portal_accounts a where a.client_id = c.id and a.access_enabled = 1 and a.invited_at is not null) as accounts,
          (select count(*) from portal_invites i where i.client_id = c.id and i.token_hash = 'token-' || c.last_name) as invites,
          (select count(*) from audit_events e where e.client_id = c.id and e.detail = json_object('marker', c.last_name)) as audits
        from clients c where c.first_name = 'Crash'`,
      )
      .all() as MarkerRow[],
    strayInvites: sqlite.prepare(`select count(*) from portal_invites where token_hash like 'token-%'`).pluck().get() as number,
    strayAudits: sqlite.prepare(`select count(*) from audit_events where action = 'crash-test.write'`).pluck().get() as number,
  }))
}

test(`a writer killed at ${ITERATIONS} random moments never loses a commit nor leaves one half applied`, async () => {
  const { dir, cleanup } = tempDir()
  cleanups.push(cleanup)
  const path = join(dir, 'portico.sqlite3')
  await (await openDatabase(path)).db.destroy()
  const seed = crashSeed()
  const random = seededRandom(seed)
  const began = performance.now()
  let reportedTotal = 0
  let startMsTotal = 0

  for (let i = 0; i < ITERATIONS; i++) {
    const run = await runThenKill('crash-writer.ts', [path, `i${i}`], random(20, 250))
    startMsTotal += run.startMs
    const reported = run.lines.filter((l) => l.startsWith('committed ')).map((l) => l.slice('committed '.length))
    reportedTotal += reported.length

    const seen = await afterTheCrash(path)
    const context = `iteration ${i}, seed ${seed}, killed after ${Math.round(run.ranMs)} ms`
    expect(seen.integrity, context).toBe('ok')
    expect(seen.foreignKeyProblems, context).toEqual([])
    expect(seen.auditChain.firstBroken, context).toBeNull()
    expect(seen.transactions.filter((t) => t.accounts !== 1 || t.invites !== 1 || t.audits !== 1), context).toEqual([])
    expect(seen.strayInvites, context).toBe(seen.transactions.length)
    expect(seen.strayAudits, context).toBe(seen.transactions.length)
    const present = new Set(seen.transactions.map((t) => t.marker))
    expect(reported.filter((marker) => !present.has(marker)), context).toEqual([])
  }

  const { transactions } = await afterTheCrash(path)
  console.log(
    `durability-crash: ${ITERATIONS} kills (seed ${seed}) in ${Math.round(performance.now() - began)} ms; ` +
      `${reportedTotal} commits reported, ${transactions.length} transactions in the file, all whole; ` +
      `child start ${Math.round(startMsTotal / ITERATIONS)} ms on average`,
  )
}, 60_000)
