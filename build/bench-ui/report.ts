import type { Stats } from '../bench/measure'
import { FRAME_JITTER_MS, FRAME_MS, type UiMethod, type UiSizeResult } from './run'

/** Targets from the issue. */
export const TARGETS = {
  keystrokeP95: (size: number) => (size >= 1_000_000 ? 33 : 16.7),
  clickP95: 50,
  loadToListMs: 1000,
  scrollPctWithinFrame: 95,
  scrollMaxFrame: 50,
  heapMB: 150,
}

const ms = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1))
const verdict = (ok: boolean | null) => (ok === null ? '' : ok ? 'meets' : 'MISSES')

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? []
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ')).join('\n')
}

const statRow = (label: string, s: Stats, target: string, ok: boolean | null) => [label, String(s.n), ms(s.p50), ms(s.p95), ms(s.max), target, verdict(ok)]

export function formatMethod(m: UiMethod): string {
  return [
    'Portico desk UI benchmark (browser host, in-process; headless Chromium)',
    `  machine   ${m.machine.cpu}, ${String(m.machine.cores)} cores, ${String(m.machine.memoryGiB)} GiB, ${m.machine.os}, Node ${m.machine.node}`,
    `  chromium  ${m.chromium.version} (${m.chromium.executable}), headless, ${String(m.chromium.viewport.width)}×${String(m.chromium.viewport.height)}`,
    `  sizes     ${m.sizes.map((s) => s.toLocaleString('en-US')).join(', ')} clients (seed ${String(m.seed)})`,
    `  samples   keystrokes: ${String(m.samples.searchNames)} names typed 1..${String(m.samples.maxPrefix)} chars, one key at a time, each awaited, cleared between;`,
    `            clicks: ${String(m.samples.clicks)} (+${String(m.samples.clickWarmup)} warm-up) on every 3rd client of the unfiltered list;`,
    `            scroll: ${String(m.samples.scrollMs / 1000)} s of scrollTop steps of ${String(m.samples.scrollStepPx)} px per rAF (wheel), then ${String(m.samples.scrollMs / 1000)} s moving scrollTop from top to bottom (scroll bar drag); frame times from rAF timestamps`,
    `  paint     ${m.paint}`,
    '  note      "debounce" is the wait from keystroke to search request (the store’s type-ahead pause plus React’s update); "excl. debounce" is timed from the listClients request start (in-page fetch) to paint',
    '',
  ].join('\n')
}

export function formatSize(r: UiSizeResult): string {
  const k = r.keystroke
  const c = r.click
  const kTarget = TARGETS.keystrokeP95(r.size)
  const loadMs = r.load.reloadNavToFirstList ?? r.load.signInToFirstList
  const rows: string[][] = [
    ['', 'n', 'p50', 'p95', 'max', 'target', ''],
    statRow('keystroke → results painted (what staff see)', k.paint, `p95 ≤ ${String(kTarget)}`, k.paint.p95 <= kTarget),
    statRow('  excl. debounce (request start → painted)', k.requestStartToPaint, `p95 ≤ ${String(kTarget)}`, k.requestStartToPaint.p95 <= kTarget),
    statRow('  keystroke → request start (debounce)', k.waitBeforeRequest, '', null),
    statRow('  request (HTTP + handler + SQLite)', k.request, '', null),
    statRow('  response → painted (render)', k.responseToPaint, '', null),
    statRow('    response → in the DOM (store, React)', k.responseToDom, '', null),
    statRow('    in the DOM → painted (next frame)', k.domToPaint, '', null),
    statRow('click client → profile + portal painted', c.paint, `p95 ≤ ${String(TARGETS.clickP95)}`, c.paint.p95 <= TARGETS.clickP95),
    statRow('  request (getClient)', c.request, '', null),
    statRow('  response → painted (render)', c.responseToPaint, '', null),
    ['page load → sign-in form painted', '1', ms(r.load.navToSignInForm), '', '', '', ''],
    ['sign-in submit → first client painted', '1', ms(r.load.signInToFirstList), '', '', `≤ ${String(TARGETS.loadToListMs)}`, r.size >= 1_000_000 ? verdict((r.load.signInToFirstList ?? Infinity) <= TARGETS.loadToListMs) : ''],
    [
      'reload (signed in) → first client painted',
      r.load.reloadNavToFirstList === null ? '0' : '1',
      ms(r.load.reloadNavToFirstList),
      '',
      '',
      `≤ ${String(TARGETS.loadToListMs)}`,
      r.size >= 1_000_000 && r.load.reloadNavToFirstList !== null ? verdict(r.load.reloadNavToFirstList <= TARGETS.loadToListMs) : '',
    ],
  ]
  const lines = [`${r.size.toLocaleString('en-US')} clients  (${r.practiceFile}${r.practiceCached ? ', cached' : ', built'})`, table(rows)]
  for (const [label, result] of [['scroll 5 s (wheel)', r.scroll], ['scroll bar dragged top → bottom in 5 s', r.drag]] as const) {
    if ('error' in result) {
      lines.push(`${label}: ${result.error}`)
      continue
    }
    const s = result
    const ok = s.pctWithinFrame >= TARGETS.scrollPctWithinFrame && s.frameStats.max <= TARGETS.scrollMaxFrame
    lines.push(
      `${label}: ${String(s.frames)} frames, ${s.pctWithinFrame.toFixed(1)}% ≤ ${String(FRAME_MS)} ms (+${String(FRAME_JITTER_MS)} ms vsync jitter; strict ${s.pctWithinFrameStrict.toFixed(1)}%), ${String(s.over50)} > 50 ms; frame p50 ${ms(s.frameStats.p50)}, p95 ${ms(s.frameStats.p95)}, max ${ms(s.frameStats.max)} ms` +
        `   target ≥ ${String(TARGETS.scrollPctWithinFrame)}% ≤ ${String(FRAME_MS)} ms, none > ${String(TARGETS.scrollMaxFrame)} ms: ${verdict(ok)}`,
      `  (${s.note}; ${String(s.scrollHeight)} px of scroll height in a ${String(s.clientHeight)} px pane, ${String(s.turns)} turns; frames with a row still loading on screen: ${String(s.pendingFrames)})`,
    )
  }
  const h = r.heap
  lines.push(
    `renderer JS heap after searches, clicks, scroll: ${h.usedMB.toFixed(1)} MB used (CDP Runtime.getHeapUsage; total ${h.totalMB.toFixed(1)} MB; performance.memory ${h.performanceMemoryMB === null ? '—' : h.performanceMemoryMB.toFixed(1)} MB), ${h.afterGcUsedMB.toFixed(1)} MB after a forced GC` +
      `   target ≤ ${String(TARGETS.heapMB)} MB: ${verdict(h.usedMB <= TARGETS.heapMB)}`,
  )
  if (loadMs === null) lines.push('  (no load → list figure)')
  lines.push(`  load: ${r.load.reloadNote}`, '')
  return lines.join('\n')
}
