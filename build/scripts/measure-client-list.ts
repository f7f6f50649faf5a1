import { parseArgs } from 'node:util'
import { openDatabase } from '../../db/connection'
import { dialectOf } from '../../db/dialect/dialect'
import { clientListVersion } from '../../db/repositories/client-list-positions'
import { searchPlan, searchWords } from '../../db/repositories/client-search'
import { searchInOneStatement, searchInSteps } from '../../db/repositories/client-search-statements'
import { listClients } from '../../db/repositories/clients.repository'
import { stats } from '../bench/measure'

/**
 * `npx tsx build/scripts/measure-client-list.ts --db <file or postgres://…> [--samples N]`: on any
 * Portico database (the benchmark's, say), what reading the list version adds to each list call,
 * beside what a list page costs; and a search asked field by field against one statement.
 */
const { values } = parseArgs({ options: { db: { type: 'string' }, samples: { type: 'string', default: '1000' } } })
if (!values.db) {
  console.error('Name the database: --db <file or postgres://…>.')
  process.exit(2)
}
const samples = Number(values.samples)

const ms = (n: number) => n.toFixed(3)
const line = (label: string, times: number[]) => {
  const s = stats(times)
  console.log(`${label.padEnd(44)} p50 ${ms(s.p50)} ms   p99 ${ms(s.p99)} ms   (${String(s.n)} calls)`)
}
async function time(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await call()
  return performance.now() - started
}
/** A small fixed generator, so two runs ask the same positions and names. */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => ((s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0) / 4294967296)
}

async function main(target: string): Promise<void> {
  const { db } = await openDatabase(target)
  try {
    const rand = seeded(7)
    const { total } = await listClients(db, { query: '', limit: 1 })
    console.log(`${target.replace(/\/\/[^@]*@/, '//…@')}: ${String(total)} clients`)
    await listClients(db, { query: '', limit: 50, at: Math.floor(total / 2) }) // builds the position marks

    const version: number[] = []
    const page: number[] = []
    for (let i = 0; i < samples; i++) {
      version.push(await time(() => clientListVersion(db)))
      const at = Math.floor(rand() * Math.max(1, total - 50))
      page.push(await time(() => listClients(db, { query: '', limit: 50, at })))
    }
    line('list version read (the extra statement)', version)
    line('list page of 50 from a random position', page)

    const d = dialectOf(db)
    const names = await db.selectFrom('clients').select(['first_name', 'last_name']).where('id', 'in', Array.from({ length: 200 }, () => 1 + Math.floor(rand() * total))).execute()
    const queries = names.flatMap((n) => [n.last_name.slice(0, 1), n.last_name.slice(0, 3), `${n.first_name} ${n.last_name}`])
    const steps: number[] = []
    const oneStatement: number[] = []
    for (let round = 0; round < Math.max(1, Math.round(samples / queries.length)); round++) {
      for (const query of queries) {
        const words = searchWords(query) as [string, ...string[]]
        const plan = searchPlan(d, words, 50)
        steps.push(await time(() => searchInSteps(db, plan)))
        if (d.searchInOneStatement) oneStatement.push(await time(() => searchInOneStatement(db, plan)))
      }
    }
    line('search rows, field by field', steps)
    if (oneStatement.length > 0) line('search rows, one statement (what this engine runs)', oneStatement)
  } finally {
    await db.destroy()
  }
}

main(values.db).catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
