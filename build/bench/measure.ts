import type { Case, Operation } from './operations'

/** One frame at 60 Hz: a call longer than this, on main's event loop, can drop a frame of the UI. */
export const FRAME_MS = 16

export interface Stats {
  n: number
  p50: number
  p95: number
  p99: number
  max: number
  mean: number
}

/** Nearest-rank percentiles, in ms. */
export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN
  const sum = sorted.reduce((s, v) => s + v, 0)
  return { n: sorted.length, p50: rank(50), p95: rank(95), p99: rank(99), max: sorted.at(-1) ?? NaN, mean: sum / sorted.length }
}

export interface Sample {
  kind: string
  label: string
  handlerMs: number
  floorMs: number
  /** Search only: the last-name-only reference floor. */
  referenceMs?: number
  /** Whether the event loop got a turn during the handler call (it never does with better-sqlite3). */
  yielded: boolean
}

export type Call = (channel: Operation['channel'], input: unknown) => Promise<void>

export interface Budget {
  /** Stop after this long (ms) once at least `minSamples` are in. */
  ms: number
  minSamples: number
}

/**
 * Times one handler call. A setImmediate queued just before tells whether the loop got a turn
 * before the call finished: when it did not, the call blocked the loop for its whole duration.
 */
async function timeHandler(call: Call, op: Operation, c: Case): Promise<{ ms: number; yielded: boolean }> {
  let yielded = false
  const probe = setImmediate(() => (yielded = true))
  const started = performance.now()
  await call(op.channel, c.input)
  const ms = performance.now() - started
  clearImmediate(probe)
  return { ms, yielded }
}

/** Times a floor: a file's answers at once, a server's when its promise settles (awaited only then). */
async function timeFloor(floor: () => unknown): Promise<number> {
  const started = performance.now()
  const answer = floor()
  if (answer instanceof Promise) await answer
  return performance.now() - started
}

async function runCase(call: Call, op: Operation, c: Case, handlerFirst: boolean): Promise<Sample> {
  // Alternate which goes first, so neither always finds the pages the other just read.
  const floorBefore = handlerFirst ? 0 : await timeFloor(c.floor)
  const { ms, yielded } = await timeHandler(call, op, c)
  const floorMs = handlerFirst ? await timeFloor(c.floor) : floorBefore
  const sample: Sample = { kind: c.kind, label: c.label, handlerMs: ms, floorMs, yielded }
  if (c.reference) sample.referenceMs = await timeFloor(c.reference)
  return sample
}

/** Warms up on the operation's own warm-up cases, then times its cases until done or out of budget. */
export async function measure(call: Call, op: Operation, budget: Budget): Promise<Sample[]> {
  const warmUntil = performance.now() + budget.ms / 4
  for (const [i, c] of op.warmup.entries()) {
    if (i >= 2 && performance.now() > warmUntil) break
    await runCase(call, op, c, i % 2 === 0)
  }
  const samples: Sample[] = []
  const until = performance.now() + budget.ms
  for (const [i, c] of op.cases.entries()) {
    if (samples.length >= budget.minSamples && performance.now() > until) break
    samples.push(await runCase(call, op, c, i % 2 === 0))
  }
  return samples
}
