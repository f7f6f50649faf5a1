import { spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

const ROOT = resolve(__dirname, '../..')
/** tsx as a loader in the same process (its CLI would run the script in a child that SIGKILL misses). */
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href

export interface KilledRun {
  /** Complete lines the script printed before it died. */
  lines: string[]
  /** From spawn to `ready`, and from `ready` to the kill. */
  startMs: number
  ranMs: number
}

/**
 * Runs a script from tests/support, waits for it to print `ready`, lets it work for `delayMs`, then
 * kills it with SIGKILL: no exit handlers, no flushing, as in a crash. Rejects if it dies by itself.
 */
export function runThenKill(script: string, args: string[], delayMs: number): Promise<KilledRun> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, 'tests/support', script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  let readyAt: number | null = null
  let killedAt: number | null = null
  return new Promise((resolveRun, reject) => {
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000)
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (readyAt === null && stdout.startsWith('ready\n')) {
        readyAt = performance.now()
        setTimeout(() => {
          killedAt = performance.now()
          child.kill('SIGKILL')
        }, delayMs)
      }
    })
    child.on('close', (_code, signal) => {
      clearTimeout(guard)
      if (signal !== 'SIGKILL' || readyAt === null || killedAt === null) {
        reject(new Error(`${script} ended on its own (${signal ?? 'no signal'}):\n${stderr}\n${stdout.slice(-2000)}`))
        return
      }
      const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1)
      resolveRun({ lines: complete.split('\n').filter(Boolean), startMs: readyAt - started, ranMs: killedAt - readyAt })
    })
  })
}

/** A small seeded sequence, so a failing run can be replayed with its printed seed. */
export function seededRandom(seed: number): (min: number, max: number) => number {
  let state = seed >>> 0
  return (min, max) => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return min + Math.floor((state / 2 ** 32) * (max - min + 1))
  }
}

/** Seed from CRASH_SEED when replaying, else from the clock. */
export const crashSeed = (): number => Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000)
