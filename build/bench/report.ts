import { FRAME_MS, type Stats } from './measure'
import type { Method, OperationResult, SizeResult } from './results'

const int = (n: number) => n.toLocaleString('en-US')
const ms = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : n >= 1 ? 2 : 3)
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const pad = (text: string, width: number) => (text.length >= width ? text : text + ' '.repeat(width - text.length))
const right = (text: string, width: number) => (text.length >= width ? text : ' '.repeat(width - text.length) + text)

/** The method, printed before any number: what ran, where, on what, and how it was timed. */
export function formatMethod(m: Method): string {
  const t = m.targets
  return [
    'Portico benchmark: method',
    `  machine   ${m.machine.os}; ${m.machine.cpus} × ${m.machine.cpu}; ${(m.machine.memoryBytes / 1024 ** 3).toFixed(1)} GiB memory`,
    `  software  node ${m.versions.node}, better-sqlite3 ${m.versions.betterSqlite3}, SQLite ${m.versions.sqlite}, kysely ${m.versions.kysely}`,
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
function built(p: SizeResult['practice']): string {
  if (p.cached || !p.buildPhases) return 'reused from cache'
  const b = p.buildPhases
  return `built in ${seconds(p.buildMs ?? 0)} (inserts ${seconds(b.insertMs)}, later migrations ${seconds(b.migrateMs)}, ANALYZE ${seconds(b.analyzeMs)})`
}

/** One size's table, its floors' query plans, and the event-loop summary. */
export function formatSize(r: SizeResult): string {
  const p = r.practice
  const calls = r.operations.reduce((s, op) => s + op.handler.n, 0)
  const over = r.operations.reduce((s, op) => s + op.blocking.overFrame, 0)
  const yielded = r.operations.reduce((s, op) => s + op.blocking.yielded, 0)
  const worst = r.operations.reduce((a, b) => (b.blocking.maxMs > a.blocking.maxMs ? b : a))
  return [
    `== ${int(r.size)} clients ==`,
    `  practice  ${built(p)}: ${p.file} (${mb(p.fileBytes)}); ` +
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
    `  floors (name order collation: ${r.nameCollation}), EXPLAIN QUERY PLAN:`,
    ...r.floors.flatMap((f) => [`    ${pad(f.name, 8)} ${f.access}: ${f.plan.join(' | ')}`, `             ${f.sql}`]),
    '',
    ...(r.positionIndex
      ? [
          `  position index (built by the first deep position asked for, in the warm-up): ${int(r.positionIndex.clients)} clients, ${int(r.positionIndex.marks)} marks,`,
          `              ${int(r.positionIndex.steps)} steps taking ${ms(r.positionIndex.totalMs)} ms in all, the longest ${ms(r.positionIndex.longestStepMs)} ms (main's loop runs other work between steps)`,
        ]
      : []),
    `  event loop: the longest handler call blocked it for ${ms(worst.blocking.maxMs)} ms (${worst.name}, ${worst.blocking.slowest});`,
    `              ${over} of ${int(calls)} calls took over ${FRAME_MS} ms${over > 0 ? ' (marked !)' : ''}; ` +
      (yielded === 0 ? 'no call yielded to the loop, so each blocked it for its whole duration.' : `${yielded} calls yielded to the loop at least once.`),
    `  measured in ${(r.measureMs / 1000).toFixed(1)} s`,
    '',
  ].join('\n')
}
