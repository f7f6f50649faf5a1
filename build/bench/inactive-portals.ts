import { spawnSync } from 'node:child_process'
import { copyFileSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { Kysely } from 'kysely'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { openDatabase } from '../../db/connection'
import type { Database } from '../../db/schema'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { INACTIVE_PORTALS_BATCH } from '../../electron/main/handlers/client-list.handlers'
import type { ChannelName } from '../../shared/channels'
import { startBenchServer } from './bench-server'
import { stats } from './measure'
import { cachedPractice, workingCopy } from './practice-cache'
import { benchContext } from './run'
import { cachedServerPractice, serverWorkingCopy } from './server-practice'

/**
 * `npx tsx build/bench/inactive-portals.ts [--size 200000] [--inactive 10000] [--db postgres | --file F]`:
 * on a working copy of the benchmark's practice, the list's filters (counts, filtered pages from
 * a position, a filtered search) and "Turn off portal access for all inactive clients" for
 * `--inactive` clients, every call through the real dispatcher and handlers as an admin.
 */
const { values } = parseArgs({ options: { size: { type: 'string', default: '200000' }, inactive: { type: 'string', default: '10000' }, db: { type: 'string' }, file: { type: 'string' }, samples: { type: 'string', default: '50' } } })
const size = Number(values.size)
const inactive = Number(values.inactive)
const samples = Number(values.samples)
const AT = '2026-05-01T00:00:00.000Z'

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await work()
  return [value, performance.now() - started]
}
const ms = (n: number) => `${n.toFixed(1)} ms`

/** `inactive` clients made inactive with portal access on, a session and an open reset code each. */
async function prepare(db: Kysely<Database>): Promise<void> {
  const ids = (await db.selectFrom('clients').select('id').orderBy('id').limit(inactive).execute()).map((r) => r.id)
  await db.transaction().execute(async (trx) => {
    // The practice's own inactive clients lose access first, so exactly `inactive` are turned off.
    await trx.updateTable('portal_accounts').set({ access_enabled: 0 }).where('client_id', 'in', trx.selectFrom('clients').select('id').where('status', '=', 'inactive')).execute()
    await trx.updateTable('clients').set({ status: 'inactive' }).where('id', 'in', ids).execute()
    for (let i = 0; i < ids.length; i += 1000) {
      const batch = ids.slice(i, i + 1000)
      await trx
        .insertInto('portal_accounts')
        .values(batch.map((id) => ({ client_id: id, username: `gone${String(id)}`, username_key: `gone${String(id)}`, access_enabled: 1, created_at: AT, updated_at: AT })))
        .onConflict((oc) => oc.column('client_id').doUpdateSet({ access_enabled: 1 }))
        .execute()
      await trx.insertInto('portal_sessions').values(batch.map((id) => ({ token_hash: `bench-${String(id)}`, client_id: id, created_at: AT, last_seen_at: AT, expires_at: '2099-01-01T00:00:00.000Z' }))).execute()
      await trx.insertInto('portal_password_resets').values(batch.map((id) => ({ client_id: id, token_hash: `reset-${String(id)}`, created_at: AT, expires_at: '2099-01-01T00:00:00.000Z' }))).execute()
    }
  })
}

async function measure(db: Kysely<Database>, label: string): Promise<void> {
  const ctx = benchContext(db)
  const call = async (channel: ChannelName, input: unknown) => {
    const result = await dispatch(handlers, ctx, channel, input as never, { trusted: true }, () => {})
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`)
    return result.value as never
  }
  await prepare(db)
  const [counts, firstCount] = await timed(() => call('countClients', {}))
  const [, warmCount] = await timed(() => call('countClients', {}))
  console.log(`${label}: ${JSON.stringify(counts)}`)
  console.log(`  counts, first read (after a change)       ${ms(firstCount)}`)
  console.log(`  counts, again (remembered)                ${ms(warmCount)}`)
  // As at the desk: one client's access switched, then the filter row asks for its counts again.
  const switchable = await db.selectFrom('portal_accounts').select(['client_id', 'access_enabled']).where('username', 'is not', null).orderBy('client_id', 'desc').limit(samples).execute()
  const afterSwitch: number[] = []
  for (const account of switchable) {
    await call('setPortalAccess', { clientId: account.client_id, enabled: account.access_enabled !== 1 })
    afterSwitch.push((await timed(() => call('countClients', {})))[1])
  }
  const switched = stats(afterSwitch)
  console.log(`  counts after one client's switch (n ${String(switched.n)})  p50 ${ms(switched.p50)} p99 ${ms(switched.p99)} max ${ms(switched.max)}`)
  for (const filter of ['inactive', 'active', 'portal_on', 'locked', 'invited'] as const) {
    const total = (counts as { byFilter: Record<string, number> }).byFilter[filter]!
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    const [, build] = await timed(() => call('listClients', { query: '', limit: 100, at: Math.floor(total / 2), filter }))
    loop.disable()
    const times: number[] = []
    for (let i = 0; i < samples; i++) {
      const at = Math.floor(((i * 7919) % 1000) / 1000 * Math.max(1, total - 100))
      times.push((await timed(() => call('listClients', { query: '', limit: 100, at, filter })))[1])
    }
    const s = stats(times)
    console.log(`  ${filter.padEnd(9)} ${String(total).padStart(7)}: first deep page (builds marks) ${ms(build)}, main's loop blocked at most ${ms(loop.max / 1e6)}; page of 100 p50 ${ms(s.p50)} p99 ${ms(s.p99)}`)
  }
  const [, search] = await timed(() => call('listClients', { query: 'gone1', limit: 50, filter: 'inactive' }))
  console.log(`  search "gone1" narrowed to Inactive       ${ms(search)}`)

  const before = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const steps: number[] = []
  // CPU time of this process beside the wall clock: on a busy machine the wall clock mostly measures
  // waiting for a core; on SQLite (in process) the CPU time is the work itself.
  const cpu = process.cpuUsage()
  const [, bulk] = await timed(async () => {
    for (;;) {
      const [step, took] = await timed(() => call('turnOffInactivePortals', {}) as Promise<{ turnedOff: number; finished: boolean }>)
      steps.push(took)
      if (step.finished) return
    }
  })
  const used = process.cpuUsage(cpu)
  const after = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const [report, verifyMs] = await timed(() => verifyAuditChain(db, { key: null }))
  console.log(`  turn off portal access for ${String(inactive)} inactive clients: ${ms(bulk)} in ${String(steps.length)} calls of up to ${String(INACTIVE_PORTALS_BATCH)} (${steps.map((s) => s.toFixed(0)).join(', ')} ms); CPU time in this process ${ms((used.user + used.system) / 1000)}; events added ${String(after - before)}`)
  console.log(`  audit chain verifies: ${String(report.ok)} (${String(report.events)} events, ${ms(verifyMs)})`)
}

function fileCopy(file: string, cacheDir: string): { path: string; remove: () => void } {
  const path = resolve(cacheDir, 'run-file.sqlite3')
  copyFileSync(file, path)
  return { path, remove: () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true })) }
}

async function main(): Promise<void> {
  const cacheDir = resolve('.cache/bench')
  console.log(`Method: working copy of ${values.file ? values.file : `the benchmark practice (${String(size)} clients, seed 1)`}; ${String(inactive)} of them made inactive with portal access on, a session and a reset code each; every call through dispatch() as an admin; times by performance.now(); load average at start ${loadavg().map((n) => n.toFixed(1)).join(' ')} on this machine's cores.`)
  if (values.db === 'postgres') {
    const server = await startBenchServer(cacheDir, (line) => console.error(line))
    try {
      const practice = await cachedServerPractice({ serverUrl: server.url, size, seed: 1 })
      const copy = await serverWorkingCopy(server.url, practice)
      const [opened, migrateMs] = await timed(() => openDatabase(copy.url))
      console.log(`PostgreSQL (${server.describe}); opening the copy (later migrations included) ${ms(migrateMs)}`)
      try {
        await measure(opened.db, 'PostgreSQL')
      } finally {
        await opened.db.destroy()
        await copy.remove()
      }
    } finally {
      await server.stop()
    }
    return
  }
  // --file: a copy of another Portico file (an older practice, say: opening it runs the new migrations).
  const copy = values.file ? fileCopy(values.file, cacheDir) : workingCopy(await cachedPractice({ cacheDir, size, seed: 1 }), cacheDir)
  const [opened, migrateMs] = await timed(() => openDatabase(copy.path))
  console.log(`SQLite file; opening the copy (later migrations included) ${ms(migrateMs)}`)
  try {
    await measure(opened.db, 'SQLite')
    await opened.db.destroy()
    // The audit trail as an admin would check it afterwards, with the project's own command.
    const check = spawnSync('npx', ['tsx', 'db/audit-verify-cli.ts', '--db', copy.path], { encoding: 'utf8' })
    console.log(`  npm run audit:verify -- --db <the copy>: exit ${String(check.status)}; ${(check.stdout + check.stderr).trim().split('\n').at(-1) ?? ''}`)
  } finally {
    copy.remove()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
  process.exit(1)
})
