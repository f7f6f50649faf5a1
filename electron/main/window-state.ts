import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

const WindowStateSchema = z.strictObject({
  x: z.number().int().min(-100_000).max(100_000),
  y: z.number().int().min(-100_000).max(100_000),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
})
export type WindowState = z.infer<typeof WindowStateSchema>

export const MIN_WINDOW = { width: 960, height: 600 } as const
const DEFAULT_SIZE = { width: 1280, height: 820 } as const

/** The saved window, or null when there is none or it is unreadable (then the default is used). */
export function loadWindowState(file: string): WindowState | null {
  try {
    const parsed = WindowStateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** Written to a temporary file then renamed, so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  const temporary = `${file}.tmp`
  writeFileSync(temporary, JSON.stringify(state))
  renameSync(temporary, file)
}

const overlap = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)) *
  Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y))

/**
 * Where the window opens: the saved bounds moved and shrunk into the work area of the display it
 * overlaps most (or the primary one, `workAreas[0]`, when it overlaps none — say its monitor was
 * unplugged). Without a saved state, the default size centred on the primary display.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0] ?? { x: 0, y: 0, ...DEFAULT_SIZE }
  if (!saved) {
    const width = Math.min(DEFAULT_SIZE.width, primary.width)
    const height = Math.min(DEFAULT_SIZE.height, primary.height)
    return { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height, maximized: false }
  }
  let area = primary
  let best = 0
  for (const candidate of workAreas) {
    const shared = overlap(saved, candidate)
    if (shared > best) {
      best = shared
      area = candidate
    }
  }
  const width = Math.min(Math.max(saved.width, Math.min(MIN_WINDOW.width, area.width)), area.width)
  const height = Math.min(Math.max(saved.height, Math.min(MIN_WINDOW.height, area.height)), area.height)
  const x = Math.min(Math.max(saved.x, area.x), area.x + area.width - width)
  const y = Math.min(Math.max(saved.y, area.y), area.y + area.height - height)
  return { x, y, width, height, maximized: saved.maximized }
}

/** Calls `fn` once things have been quiet for `ms` (resizes and moves come in bursts). */
export function debounce(fn: () => void, ms: number, timers: { set: typeof setTimeout; clear: typeof clearTimeout } = { set: setTimeout, clear: clearTimeout }) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const debounced = () => {
    if (timer !== undefined) timers.clear(timer)
    timer = timers.set(() => {
      timer = undefined
      fn()
    }, ms)
  }
  debounced.flush = () => {
    if (timer === undefined) return
    timers.clear(timer)
    timer = undefined
    fn()
  }
  return debounced
}
