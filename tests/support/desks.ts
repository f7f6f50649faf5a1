import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import type { TestDialect } from './dialects'
import { type DeskState, type ScenarioAnswer, type ScenarioArgs, type ScenarioName, scenarios } from './desk-scenarios'

const ROOT = resolve(__dirname, '../..')
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href

/** A desk of the practice: its own connection(s) to the shared database, doing what it is told. */
export interface Desk {
  run<K extends ScenarioName>(name: K, args: ScenarioArgs<K>): Promise<ScenarioAnswer<K>>
  close(): Promise<void>
}

/** A desk in this process: on PostgreSQL, each desk's Kysely has a pool of its own, as two computers would. */
function deskInProcess(target: string): Desk {
  const state: DeskState = { target, db: null }
  return {
    run: (name, args) => (scenarios[name] as (desk: DeskState, args: unknown) => Promise<never>)(state, structuredClone(args)),
    close: async () => void (await scenarios.close(state)),
  }
}

/**
 * A desk in a process of its own (tests/support/desk-process.ts). On SQLite this is the only way to
 * have two writers: better-sqlite3 waits for another connection's lock by blocking its thread, so
 * two desks in one process would wait on each other until the busy timeout.
 */
async function deskProcess(target: string): Promise<Desk> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'tests/support/desk-process.ts'), target], { cwd: ROOT })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const waiting = new Map<number, { resolve: (value: never) => void; reject: (error: Error) => void }>()
  let ready: () => void
  const started = new Promise<void>((resolveStarted, reject) => {
    ready = resolveStarted
    child.once('exit', (code) => reject(new Error(`The desk process ended (code ${code}) before it was ready:\n${stderr}`)))
  })
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line) as { ready?: true; id?: number; value?: never; error?: string }
    if (message.ready) return ready()
    const pending = waiting.get(message.id!)
    waiting.delete(message.id!)
    if (message.error !== undefined) pending?.reject(new Error(`In the desk process: ${message.error}`))
    else pending?.resolve(message.value!)
  })
  child.once('exit', (code) => {
    for (const pending of waiting.values()) pending.reject(new Error(`The desk process ended (code ${code}):\n${stderr}`))
    waiting.clear()
  })
  await started
  let next = 0
  return {
    run: (name, args) =>
      new Promise((resolveRun, reject) => {
        const id = (next += 1)
        waiting.set(id, { resolve: resolveRun, reject })
        child.stdin.write(`${JSON.stringify({ id, name, args })}\n`)
      }),
    close: () =>
      new Promise<void>((resolveClose) => {
        if (child.exitCode !== null) return resolveClose()
        child.once('exit', () => resolveClose())
        child.stdin.end()
      }),
  }
}

/**
 * `count` desks on the database at `target`, none of them open yet (each opens it with
 * `run('open', …)`). SQLite desks are processes of their own; PostgreSQL desks share this one.
 */
export async function desksOn(dialect: TestDialect, target: string, count = 2): Promise<Desk[]> {
  if (dialect === 'postgres') return Array.from({ length: count }, () => deskInProcess(target))
  return Promise.all(Array.from({ length: count }, () => deskProcess(target)))
}

/** The same command at every desk at once; the answers in desk order. */
export function atOnce<K extends ScenarioName>(desks: Desk[], name: K, args: (i: number) => ScenarioArgs<K>): Promise<ScenarioAnswer<K>[]> {
  return Promise.all(desks.map((desk, i) => desk.run(name, args(i))))
}
