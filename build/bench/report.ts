import { FRAME_MS, type Stats } from './measure'
import type { GoalFigures, Method, OperationResult, SizeResult } from './results'

const int = (n: number) => n.toLocaleString('en-US')
const ms = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : n >= 1 ? 2 : 3)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length))
const right = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text)

export const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const

/** The method, printed before any number: what ran, where, on what, and how it was timed. */
export function formatMethod(m: Method): string {
  const t = m.targets
  return [
    'Portico benchmark: method',
    `  machine   ${m.machine.os}; ${m.machine.cpus} × ${m.machine.cpu}; ${(m.machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory`,
    `  software  node ${m.versions.node}, better-sqlite3 ${m.versions.betterSqlite3}, SQLite ${m.versions.sqlite}, kysely ${m.versions.kysely}`,
    ...(m.server
      ? [
          `  server    PostgreSQL, measured after SQLite at each size in this run: ${m.server.description};`,
          `            ${m.server.settings}; the same practice (rows and ids), written with multi-row inserts, later migrations run by openDatabase, then VACUUM (FULL, ANALYZE);`,
          `            each run works on a copy (CREATE DATABASE … TEMPLATE); floor = raw pg prepared statements on a connection of their own, one statement (one round trip) per question`,
          `            (search: the desk's one statement, its prefixes as ranges of parameters, planned once per connection as the desk's is; the rest planned for their values)`,
        ]
      : []),
    `  sizes     ${m.sizes.map(int).join(', ')} clients`,
    `  data      synthetic practice, seed ${m.seed}, generator v${m.generatorVersion}; schema: migrations ${m.migrations.join(', ')} (fingerprint ${m.migrationsFingerprint})`,
    `  samples   per size (runs ×${m.runs}): search ${t.searchPerLength} per query length (1–4 chars), profile ${t.profile}, toggle ${t.toggle}, list page ${t.page};`,
    `            each operation warms up on ${Math.round(t.warmup * 100)}% extra cases (at least 3) first, then stops after ${(m.budgetMsPerOperation / 1000).toFixed(0)} s if not done (at least ${m.minSamples} samples)`,
    `  timing    performance.now() around dispatch(handlers, ctx, channel, input, { trusted: true }), the real dispatcher and handlers,`,
    `            on a fresh copy of the cached practice opened by openDatabase (WAL, synchronous=FULL), signed in as an admin;`,
    `            floor = raw prepared better-sqlite3 statements answering the same question on the same connection, timed beside each call`,
    `            (search: the same indexed prefix query per field, in the same order with the same early stop, then one read of the rows);`,
    `            search also times the last-name-only prefix query (the issue's reference floor) and prints that ratio under the table;`,
    `            ratio = handler p50 / floor p50; "> ${FRAME_MS} ms" counts handler calls longer than one 60 Hz frame`,
    `  paging    ${m.listTakesCursor ? 'listClients takes an `after` cursor (keyset) and an `at` position (the scrolling list): both are read at random depths' : 'listClients has no `after` cursor yet: the handler reads the first page, the floor random depths'}`,
    '',
  ].join('\n')
}

const COLUMNS = ['operation', 'n', 'p50', 'p95', 'p99', 'max', 'floor p50', 'floor p95', 'ratio', `> ${FRAME_MS} ms`]
const WIDTHS = [22, 5, 8, 8, 8, 8, 10, 10, 8, 8]
const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? pad(c, WIDTHS[i]!) : right(c, WIDTHS[i]!))).join(' ')

function operationRow(op: OperationResult): string {
  const h = op.handler
  const flag = op.blocking.overFrame > 0 ? ' !' : ''
  return row([op.name, int(h.n), ms(h.p50), ms(h.p95), ms(h.p99), ms(h.max), ms(op.floor.p50), ms(op.floor.p95), `${op.ratio.toFixed(1)}×`, `${op.blocking.overFrame}`]) + flag
}

/** The search's p50 (and n) for each kind of query, one row per query length. */
function searchKinds(ops: OperationResult[]): string[] {
  const searches = ops.filter((op) => op.name.startsWith('search'))
  const order = ['name', 'random', 'email', 'username', 'phone']
  const kinds = [...new Set(searches.flatMap((op) => op.byKind.map((k) => k.kind)))].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  const cell = (s: Stats | undefined) => (s ? `${ms(s.p50)} (${s.n})` : '')
  return [
    `  search p50 ms by kind of query (n):`,
    `  ${pad('', 20)}${kinds.map((k) => right(k, 14)).join('')}`,
    ...searches.map((op) => `  ${pad(op.name, 20)}${kinds.map((k) => right(cell(op.byKind.find((b) => b.kind === k)?.handler), 14)).join('')}`),
  ]
}

/** Search against the last-name-only query: a narrower question than the desk's, shown for comparison. */
function referenceLines(ops: OperationResult[]): string[] {
  const searches = ops.filter((op) => op.reference)
  if (searches.length === 0) return []
  return [
    `  search against the last-name-only prefix query (a narrower question; the issue's reference floor):`,
    ...searches.map((op) => `    ${pad(op.name, 20)} floor p50 ${ms(op.reference!.floor.p50)} ms, p99 ${ms(op.reference!.floor.p99)} ms; ratio ${op.reference!.ratio.toFixed(1)}×`),
    '',
  ]
}

const seconds = (n: number) => `${(n / 1000).toFixed(1)} s`
function built(p: SizeResult['practice'], engine: SizeResult['engine']): string {
  if (p.cached || !p.buildPhases) return 'reused from cache'
  const b = p.buildPhases
  return `built in ${seconds(p.buildMs ?? 0)} (inserts ${seconds(b.insertMs)}, later migrations ${seconds(b.migrateMs)}, ${engine === 'sqlite' ? 'ANALYZE' : 'VACUUM (FULL, ANALYZE)'} ${seconds(b.analyzeMs)})`
}

/** One size's table, its floors' query plans, and the event-loop summary. */
export function formatSize(r: SizeResult): string {
  const p = r.practice
  const calls = r.operations.reduce((s, op) => s + op.handler.n, 0)
  const over = r.operations.reduce((s, op) => s + op.blocking.overFrame, 0)
  const yielded = r.operations.reduce((s, op) => s + op.blocking.yielded, 0)
  const worst = r.operations.reduce((a, b) => (b.blocking.maxMs > a.blocking.maxMs ? b : a))
  return [
    `== ${int(r.size)} clients, ${ENGINE_NAMES[r.engine]} ==`,
    `  practice  ${built(p, r.engine)}: ${p.file} (${mb(p.fileBytes)}); ` +
      `${int(p.counts.portalAccounts)} portal accounts (${int(p.counts.usernames)} with a username, ${int(p.counts.invites)} invited)`,
    `  indexes   ${r.clientIndexes.map((sql) => sql.replace(/^create index /i, '')).join('; ')}`,
    '',
    `  ${row(COLUMNS)}`,
    `  ${row(['', '', 'ms', 'ms', 'ms', 'ms', 'ms', 'ms', '', ''])}`,
    ...r.operations.map((op) => `  ${operationRow(op)}`),
    '',
    ...searchKinds(r.operations),
    '',
    ...referenceLines(r.operations),
    `  what each operation calls:`,
    ...r.operations.map((op) => `    ${pad(op.name, 22)} ${op.note}`),
    '',
    `  floors (name order collation: ${r.nameCollation}), ${r.engine === 'sqlite' ? 'EXPLAIN QUERY PLAN' : 'EXPLAIN (COSTS OFF)'}:`,
    ...r.floors.flatMap((f) => [`    ${pad(f.name, 8)} ${f.access}: ${f.plan.join(' | ')}`, `             ${f.sql}`]),
    '',
    ...(r.positionIndex
      ? [
          `  position index (built by the first deep position asked for, in the warm-up): ${int(r.positionIndex.clients)} clients, ${int(r.positionIndex.marks)} marks,`,
          `              ${int(r.positionIndex.steps)} steps taking ${ms(r.positionIndex.totalMs)} ms in all, the longest ${ms(r.positionIndex.longestStepMs)} ms (main's loop runs other work between steps)`,
        ]
      : []),
    ...(r.roundTrip ? [`  round trip: a prepared \`select 1\` on the floors' connection, p50 ${ms(r.roundTrip.p50)} ms, p99 ${ms(r.roundTrip.p99)} ms (n ${r.roundTrip.n}): the least any statement costs`] : []),
    `  event loop: the longest handler call blocked it for ${ms(worst.blocking.maxMs)} ms (${worst.name}, ${worst.blocking.slowest});`,
    `              ${over} of ${int(calls)} calls took over ${FRAME_MS} ms${over > 0 ? ' (marked !)' : ''}; ` +
      (yielded === 0 ? 'no call yielded to the loop, so each blocked it for its whole duration.' : `${yielded} calls yielded to the loop at least once.`),
    `  measured in ${(r.measureMs / 1000).toFixed(1)} s; load average (1, 5, 15 min) ${r.load.start.join(', ')} at the start, ${r.load.end.join(', ')} at the end, on ${r.load.cpus} cores`,
    '',
  ].join('\n')
}

/** Issue 11's goals at a million clients on loopback, and how to read each figure from a run. */
const GOALS: { label: string; target: number; unit: string; value: (g: GoalFigures) => number | null }[] = [
  { label: 'search p50 (every search call)', target: 1, unit: 'ms', value: (g) => g.searchP50 },
  { label: 'search p99', target: 3, unit: 'ms', value: (g) => g.searchP99 },
  { label: 'search: median ratio to floor', target: 2, unit: '×', value: (g) => g.searchRatio },
  { label: 'toggle portal access p99', target: 5, unit: 'ms', value: (g) => g.toggleP99 },
  { label: 'list page p99', target: 5, unit: 'ms', value: (g) => g.pageP99 },
  { label: 'list from a position p99', target: 5, unit: 'ms', value: (g) => g.positionP99 },
  { label: 'longest handler call', target: FRAME_MS, unit: 'ms', value: (g) => g.longest.ms },
]

/** One size's goal figures, each engine side by side with the target, and the longest call named. */
export function formatGoals(results: SizeResult[]): string {
  if (results.length === 0) return ''
  const cell = (n: number | null, unit: string, target: number) => (n === null ? 'n/a' : `${unit === '×' ? `${n.toFixed(2)}×` : `${ms(n)} ms`} ${n <= target ? 'ok' : 'MISSED'}`)
  const head = `  ${pad('goal (issue 11, at 1M on loopback)', 36)}${results.map((r) => right(ENGINE_NAMES[r.engine], 18)).join('')}${right('target', 10)}`
  return [
    `== ${int(results[0]!.size)} clients: goals ==`,
    head,
    ...GOALS.map((g) => `  ${pad(g.label, 36)}${results.map((r) => right(cell(g.value(r.goals), g.unit, g.target), 18)).join('')}${right(`≤ ${g.target}${g.unit === '×' ? '×' : ' ms'}`, 10)}`),
    ...results.map((r) => `  longest call on ${ENGINE_NAMES[r.engine]}: ${ms(r.goals.longest.ms)} ms, ${r.goals.longest.operation}`),
    '',
  ].join('\n')
}
