import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, hostname, release, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import { type Browser, type Page, chromium } from '@playwright/test'
import { openDatabase } from '../../db/connection'
import { insertStaff } from '../../db/repositories/staff.repository'
import { hashPassword } from '../../electron/main/services/passwords'
import { CHROMIUM_ARGS, findChromium } from '../../tests/e2e/support/chromium'
import { type Stats, stats } from '../bench/measure'
import { FIRST_NAMES, SURNAMES } from '../bench/names'
import { cachedPractice, workingCopy } from '../bench/practice-cache'
import { hostAuditStores } from '../../db/audit/host-audit-stores'
import { startWebHost } from '../web-host/server'
import { PAGE_SCRIPT } from './page-script'

export const VIEWPORT = { width: 1366, height: 860 }
export const FRAME_MS = 16.7
const SCROLL_MS = 5000
/** Pixels per frame: about 2,400 px/s at 60 Hz, a brisk wheel/trackpad scroll (covers the 200-row list in 5 s). */
const SCROLL_STEP_PX = 40
/** rAF timestamps of on-time 60 Hz frames jitter around 16.67 ms (16.6–16.8): allowed when counting frames on time. */
export const FRAME_JITTER_MS = 1
const CLICKS = 20
const CLICK_WARMUP = 2
const SEARCH_NAMES = 20
const MAX_PREFIX = 4
const STAFF = { username: 'bench.ui', password: 'granite-orchard-lantern-42' }

export interface UiMethod {
  machine: { host: string; cpu: string; cores: number; memoryGiB: number; os: string; node: string }
  chromium: { version: string; executable: string; headless: true; viewport: typeof VIEWPORT }
  sizes: number[]
  seed: number
  samples: { searchNames: number; maxPrefix: number; clicks: number; clickWarmup: number; scrollMs: number; scrollStepPx: number }
  paint: string
}

/** One keystroke or click, in ms from the input event. */
export interface InteractionSample {
  label: string
  /** Input event → the frame showing the answer has run (rAF + the task after it). */
  paint: number
  /** Input event → second requestAnimationFrame after the change. */
  doubleRaf: number
  /** The request's start (after the store's debounce) → paint. */
  requestStartToPaint: number
  /** Input event → request start: the store's type-ahead debounce plus React/event handling. */
  waitBeforeRequest: number
  /** Request start → response received (HTTP + dispatcher + SQLite on the host). */
  request: number
  /** Response received → painted (JSON, store, React render, layout, paint). */
  responseToPaint: number
  /** Response received → the answer is in the DOM (JSON, store, React render and commit). */
  responseToDom: number
  /** The answer in the DOM → the frame showing it has run: waiting for the next frame, then style, layout, paint. */
  domToPaint: number
  items: number
}

export interface ScrollResult {
  mode: 'wheel' | 'drag'
  frames: number
  /** Frames in which a row on screen was still a "Loading…" placeholder (its page not read yet). */
  pendingFrames: number
  /** Frames ≤ 16.7 ms + FRAME_JITTER_MS. */
  withinFrame: number
  pctWithinFrame: number
  /** Frames ≤ 16.7 ms exactly (counts vsync jitter of 0.1 ms as a miss). */
  pctWithinFrameStrict: number
  over50: number
  frameStats: Stats
  items: number
  scrollHeight: number
  clientHeight: number
  turns: number
  note: string
}

export interface UiSizeResult {
  size: number
  practiceFile: string
  practiceCached: boolean
  load: {
    /** Navigation start → the sign-in form painted. */
    navToSignInForm: number | null
    /** Sign-in submitted → the first client painted in the list. */
    signInToFirstList: number | null
    /** Reload while signed in: navigation start → first client painted (null when a reload asks to sign in again). */
    reloadNavToFirstList: number | null
    reloadNote: string
  }
  keystroke: { samples: InteractionSample[]; paint: Stats; requestStartToPaint: Stats; waitBeforeRequest: Stats; request: Stats; responseToPaint: Stats; responseToDom: Stats; domToPaint: Stats; doubleRaf: Stats }
  click: { samples: InteractionSample[]; paint: Stats; request: Stats; responseToPaint: Stats; doubleRaf: Stats }
  scroll: ScrollResult | { error: string }
  drag: ScrollResult | { error: string }
  heap: { usedMB: number; totalMB: number; performanceMemoryMB: number | null; afterGcUsedMB: number }
}

export interface UiBenchmarkResult {
  method: UiMethod
  results: UiSizeResult[]
}

interface RawScroll {
  frames: number[]
  pendingFrames: number
  items: number
  scrollHeight: number
  clientHeight: number
  turns: number
  mode: 'wheel' | 'drag'
}

function scrollResult(raw: RawScroll | { error: string }, how: string): ScrollResult | { error: string } {
  if ('error' in raw) return raw
  const within = raw.frames.filter((f) => f <= FRAME_MS + FRAME_JITTER_MS).length
  const strict = raw.frames.filter((f) => f <= FRAME_MS).length
  return {
    mode: raw.mode,
    frames: raw.frames.length,
    pendingFrames: raw.pendingFrames,
    withinFrame: within,
    pctWithinFrame: (100 * within) / Math.max(1, raw.frames.length),
    pctWithinFrameStrict: (100 * strict) / Math.max(1, raw.frames.length),
    over50: raw.frames.filter((f) => f > 50).length,
    frameStats: stats(raw.frames),
    items: raw.items,
    scrollHeight: raw.scrollHeight,
    clientHeight: raw.clientHeight,
    turns: raw.turns,
    note: `${how}; the virtualized list had ${String(raw.items)} rows drawn at the end`,
  }
}

const pick = (samples: InteractionSample[], key: keyof Omit<InteractionSample, 'label' | 'items'>) => stats(samples.map((s) => s[key]))

/** 20 realistic lowercase prefixes: common surnames and first names, interleaved. */
export function searchNames(): string[] {
  const names: string[] = []
  for (let i = 0; names.length < SEARCH_NAMES; i++) {
    const source = i % 2 === 0 ? SURNAMES : FIRST_NAMES
    const name = source[(i * 7) % source.length]
    if (name && /^[A-Za-z]{4,}$/.test(name)) names.push(name.toLowerCase())
    if (i > 1000) break
  }
  return names
}

async function addStaff(dbPath: string): Promise<void> {
  const { db } = await openDatabase(dbPath)
  try {
    await insertStaff(db, {
      username: STAFF.username,
      usernameKey: STAFF.username,
      displayName: 'Bench UI',
      role: 'admin',
      passwordHash: await hashPassword(STAFF.password),
      now: new Date().toISOString(),
    })
  } finally {
    await db.destroy()
  }
}

const evaluate = <T>(page: Page, script: string) => page.evaluate(script) as Promise<T>

async function waitForLoad(page: Page, key: 'signInFormPainted' | 'firstListItemPainted'): Promise<number | null> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    const value = await evaluate<number | null>(page, `window.__bench.load.${key}`)
    if (value !== null && value >= 0) return value
    await page.waitForTimeout(20)
  }
  return null
}

async function settleList(page: Page): Promise<void> {
  await page.locator('ul[aria-label="Clients"]:not([aria-busy="true"]) > li').first().waitFor({ timeout: 60_000 })
}

async function clearSearch(page: Page): Promise<void> {
  const search = page.getByRole('searchbox', { name: 'Search clients' })
  await search.fill('')
  await page.waitForTimeout(200)
  await settleList(page)
}

async function measureSize(browser: Browser, size: number, seed: number, cacheDir: string, progress: (line: string) => void): Promise<UiSizeResult> {
  progress(`${size.toLocaleString('en-US')} clients: preparing the practice…`)
  const practice = await cachedPractice({ cacheDir, size, seed })
  progress(practice.cached ? `  reused ${practice.path}` : `  built ${practice.path} in ${((practice.buildMs ?? 0) / 1000).toFixed(1)} s`)
  const temp = mkdtempSync(join(tmpdir(), 'portico-bench-ui-'))
  const copy = workingCopy(practice, temp)
  progress(`  copied to ${copy.path}`)
  await addStaff(copy.path)
  // The throwaway copy's audit heads stay in its temporary folder, not in the user's config.
  const host = await startWebHost({ dbPath: copy.path, port: 0, audit: hostAuditStores(copy.path, { anchorDir: join(temp, 'audit-anchors') }) })
  const context = await browser.newContext({ viewport: VIEWPORT })
  try {
    await context.addInitScript({ content: PAGE_SCRIPT })
    const page = await context.newPage()
    const cdp = await context.newCDPSession(page)

    // 3. Page load and sign-in.
    progress('  page load and sign-in…')
    await page.goto(host.url)
    const navToSignInForm = await waitForLoad(page, 'signInFormPainted')
    await page.getByRole('textbox', { name: 'Username' }).fill(STAFF.username)
    await page.getByLabel('Password', { exact: true }).fill(STAFF.password)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const firstList = await waitForLoad(page, 'firstListItemPainted')
    const submitted = await evaluate<number | null>(page, 'window.__bench.load.signInSubmit')
    const signInToFirstList = firstList !== null && submitted !== null ? firstList - submitted : null
    await settleList(page)

    let reloadNavToFirstList: number | null = null
    let reloadNote = ''
    await page.reload()
    const afterReload = await Promise.race([
      page.locator('ul[aria-label="Clients"] > li').first().waitFor({ timeout: 60_000 }).then(() => 'desk' as const),
      page.locator('input[type="password"]').waitFor({ timeout: 60_000 }).then(() => 'sign-in' as const),
    ])
    if (afterReload === 'desk') {
      reloadNavToFirstList = await waitForLoad(page, 'firstListItemPainted')
      reloadNote = 'reload kept the session'
    } else {
      reloadNote = 'a reload asks to sign in again, so load→list is measured from the sign-in submit'
      await page.getByRole('textbox', { name: 'Username' }).fill(STAFF.username)
      await page.getByLabel('Password', { exact: true }).fill(STAFF.password)
      await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    }
    await settleList(page)

    // 1. Keystroke → results painted.
    progress('  typing…')
    const search = page.getByRole('searchbox', { name: 'Search clients' })
    const keystrokes: InteractionSample[] = []
    const names = searchNames()
    // Warm-up: one search, not recorded.
    await search.fill('a')
    await page.waitForTimeout(300)
    await settleList(page)
    await clearSearch(page)
    for (const name of names) {
      await search.click()
      for (let i = 1; i <= Math.min(MAX_PREFIX, name.length); i++) {
        const text = name.slice(0, i)
        await evaluate(page, `window.__bench.armKey(${JSON.stringify(text)})`)
        await page.keyboard.press(text.at(-1) ?? '')
        const sample = await evaluate<Omit<InteractionSample, 'label'>>(page, 'window.__bench.result()')
        keystrokes.push({ label: text, ...sample })
      }
      await clearSearch(page)
    }

    // 2. Click a client → profile and portal panel painted.
    progress('  clicking clients…')
    const clicks: InteractionSample[] = []
    const items = page.locator('ul[aria-label="Clients"] > li')
    for (let i = 0; i < CLICKS + CLICK_WARMUP; i++) {
      // Rows drawn on screen (the list draws about 25): a different client each time.
      const index = (i * 5) % 13
      const name = await evaluate<string>(page, `window.__bench.armClick(${index})`)
      await items.nth(index).getByRole('button').click()
      const sample = await evaluate<Omit<InteractionSample, 'label'>>(page, 'window.__bench.result()')
      if (i >= CLICK_WARMUP) clicks.push({ label: name, ...sample })
    }

    // 4. Scroll the list for five seconds.
    progress('  scrolling…')
    await clearSearch(page)
    const scroll = scrollResult(
      await evaluate<RawScroll | { error: string }>(page, `window.__bench.scroll(${String(SCROLL_MS)}, ${String(SCROLL_STEP_PX)}, 'wheel')`),
      `scrolled ${String(SCROLL_STEP_PX)} px per frame from the top, turning at the ends`,
    )
    progress('  dragging the scroll bar…')
    await clearSearch(page)
    const drag = scrollResult(
      await evaluate<RawScroll | { error: string }>(page, `window.__bench.scroll(${String(SCROLL_MS)}, 0, 'drag')`),
      `scroll bar moved from top to bottom in ${String(SCROLL_MS / 1000)} s, one step per frame`,
    )

    // 5. Heap after the searches, clicks and scroll.
    const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number }
    const performanceMemory = await evaluate<number | null>(page, 'window.__bench.memory()')
    await cdp.send('HeapProfiler.collectGarbage')
    const afterGc = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number }
    const mb = (bytes: number) => bytes / 1024 / 1024

    return {
      size,
      practiceFile: practice.path,
      practiceCached: practice.cached,
      load: { navToSignInForm, signInToFirstList, reloadNavToFirstList, reloadNote },
      keystroke: {
        samples: keystrokes,
        paint: pick(keystrokes, 'paint'),
        requestStartToPaint: pick(keystrokes, 'requestStartToPaint'),
        waitBeforeRequest: pick(keystrokes, 'waitBeforeRequest'),
        request: pick(keystrokes, 'request'),
        responseToPaint: pick(keystrokes, 'responseToPaint'),
        responseToDom: pick(keystrokes, 'responseToDom'),
        domToPaint: pick(keystrokes, 'domToPaint'),
        doubleRaf: pick(keystrokes, 'doubleRaf'),
      },
      click: { samples: clicks, paint: pick(clicks, 'paint'), request: pick(clicks, 'request'), responseToPaint: pick(clicks, 'responseToPaint'), doubleRaf: pick(clicks, 'doubleRaf') },
      scroll,
      drag,
      heap: {
        usedMB: mb(usage.usedSize),
        totalMB: mb(usage.totalSize),
        performanceMemoryMB: performanceMemory === null ? null : mb(performanceMemory),
        afterGcUsedMB: mb(afterGc.usedSize),
      },
    }
  } finally {
    await context.close()
    await host.close()
    copy.remove()
    rmSync(temp, { recursive: true, force: true })
  }
}

export async function runUiBenchmark(options: {
  sizes: number[]
  seed: number
  cacheDir?: string
  print: (text: string) => void
  progress: (line: string) => void
  formatMethod: (method: UiMethod) => string
  formatSize: (result: UiSizeResult) => string
}): Promise<UiBenchmarkResult> {
  const cacheDir = options.cacheDir ?? resolve('.cache/bench')
  const executable = findChromium()
  const browser = await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, headless: true })
  try {
    const cpu = cpus()
    const method: UiMethod = {
      machine: {
        host: hostname(),
        cpu: cpu[0]?.model ?? 'unknown',
        cores: cpu.length,
        memoryGiB: Math.round(totalmem() / 1024 ** 3),
        os: `${process.platform} ${release()}`,
        node: process.version,
      },
      chromium: { version: browser.version(), executable, headless: true, viewport: VIEWPORT },
      sizes: options.sizes,
      seed: options.seed,
      samples: { searchNames: SEARCH_NAMES, maxPrefix: MAX_PREFIX, clicks: CLICKS, clickWarmup: CLICK_WARMUP, scrollMs: SCROLL_MS, scrollStepPx: SCROLL_STEP_PX },
      paint:
        'from the input event (keydown / click timeStamp) to the task queued from the first animation frame after the DOM shows the answer for that exact text (MutationObserver + rAF + MessageChannel); double-rAF figures are in the JSON',
    }
    options.print(options.formatMethod(method))
    const results: UiSizeResult[] = []
    for (const size of options.sizes) {
      const result = await measureSize(browser, size, options.seed, cacheDir, options.progress)
      results.push(result)
      options.print(options.formatSize(result))
    }
    return { method, results }
  } finally {
    await browser.close()
  }
}
