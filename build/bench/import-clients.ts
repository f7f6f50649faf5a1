import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import pg from 'pg'
import { ChainKey } from '../../db/audit/chain-key'
import { keyedChainHash } from '../../db/audit/chain-hash'
import { chainSealOf } from '../../db/audit/chain-seal'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { openDatabase } from '../../db/connection'
import { importClients } from '../../db/import/import-clients'
import { parseClientsCsv } from '../../db/import/parse-clients-csv'
import { auditFields } from '../../db/repositories/audit.repository'
import { putSetting } from '../../db/repositories/settings.repository'
import { normalisePhone } from '../../shared/phone'
import { startBenchServer } from './bench-server'
import { generatedClientsCsv } from './generated-clients'

/**
 * `npx tsx build/bench/import-clients.ts [--rows 100000] [--runs 3] [--db postgres]`: imports
 * `--rows` generated clients (a quoted comma in every tenth row, a non-ASCII name in each, a phone
 * each) into a new keyed practice (its country `--country`, US unless told) through `importClients`, as the desk's handler calls it, and
 * prints the time to check the file and to write it (wall clock and this process's CPU), the
 * longest the event loop was kept waiting meanwhile, and what the parts cost on their own: phones
 * read for the country, and the audit events' HMACs. The chain is verified after each run.
 */
const { values } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '3' }, db: { type: 'string' }, country: { type: 'string', default: 'US' } } })
const rows = Number(values.rows)
const runs = Number(values.runs)
const ACTOR = { type: 'system', name: 'import', workstation: 'bench' } as const
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`

async function run(target: string, label: string): Promise<void> {
  const started = performance.now()
  const parsed = await parseClientsCsv(Readable.from([generatedClientsCsv(rows)]))
  const checked = performance.now()
  const opened = await openDatabase(target)
  // A practice that has set its country, as the desk asks: phones are then read as its numbers.
  if (values.country) await putSetting(opened.db, 'practice.country', values.country)
  const key = ChainKey.generate()
  chainSealOf(opened.db)!.key = key
  const lag = monitorEventLoopDelay({ resolution: 5 })
  lag.enable()
  const cpu = process.cpuUsage()
  const writeStarted = performance.now()
  // As the desk's handler calls it (see client-import.handlers.ts).
  await importClients(opened.store, opened.db, parsed.rows, { actor: ACTOR, fileName: 'bench.csv', batchSize: 2_000 })
  const written = performance.now()
  const used = process.cpuUsage(cpu)
  lag.disable()
  const report = await verifyAuditChain(opened.db, { key })
  await opened.db.destroy()

  // The parts on their own, over the same rows.
  let t = performance.now()
  for (const r of parsed.rows) if (r.phone) normalisePhone(r.phone, values.country ?? '')
  const phonesMs = performance.now() - t
  t = performance.now()
  let prev = ''
  for (let id = 1; id <= parsed.rows.length; id++) prev = keyedChainHash(key, id, prev, auditFields({ actor: ACTOR, action: 'client.create', clientId: id, outcome: 'success', detail: { via: 'import' }, at: '2026-01-01T00:00:00.000Z' }))
  const hashMs = performance.now() - t

  console.log(
    `${label}: ${rows.toLocaleString('en-US')} rows checked in ${s(checked - started)}, written in ${s(written - writeStarted)} ` +
      `(CPU in this process ${s((used.user + used.system) / 1000)}); event loop waited at most ${(lag.max / 1e6).toFixed(0)} ms (p99 ${(lag.percentile(99) / 1e6).toFixed(0)} ms); ` +
      `on their own: phones ${s(phonesMs)}, event HMACs ${s(hashMs)}; chain verifies: ${String(report.ok)}; load average now ${loadavg().map((n) => n.toFixed(1)).join(' ')}`,
  )
}

/** An empty database beside the server's own, for one run (the private server is thrown away after). */
async function newServerDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl })
  await client.connect()
  try {
    await client.query(`create database ${name}`)
  } finally {
    await client.end()
  }
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

async function main(): Promise<void> {
  console.log(`Method: ${String(runs)} run(s), each a new practice with a key; rows generated and checked by parseClientsCsv, then written by importClients with the desk's batch size (2,000); times by performance.now(), CPU by process.cpuUsage(), event-loop delay by monitorEventLoopDelay. Load average at start ${loadavg().map((n) => n.toFixed(1)).join(' ')}.`)
  const dir = mkdtempSync(join(tmpdir(), 'portico-bench-import-'))
  const server = values.db === 'postgres' ? await startBenchServer(resolve('.cache/bench'), (line) => console.error(line)) : null
  try {
    for (let i = 0; i < runs; i++) {
      await run(join(dir, `run-${String(i)}.sqlite3`), `SQLite file, run ${String(i + 1)}`)
      if (server) await run(await newServerDatabase(server.url, `bench_import_${String(process.pid)}_${String(i)}`), `PostgreSQL, run ${String(i + 1)}`)
    }
  } finally {
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
