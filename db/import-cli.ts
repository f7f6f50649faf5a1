import { createReadStream, existsSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { basename, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import SqliteDatabase from 'better-sqlite3'
import { Presets, SingleBar } from 'cli-progress'
import { hostAuditStores } from './audit/host-audit-stores'
import { openAuditTrail } from './audit/open-audit-trail'
import { backupBeforeMigration } from './backup'
import { appliedMigrations, openDatabase } from './connection'
import { serverHoldsPractice } from './connection-postgres'
import { describeTarget, isServerUrl, parseDatabaseTarget } from './dialect/target'
import { findLikelyDuplicates, withoutDuplicates } from './import/find-duplicates'
import { importClients } from './import/import-clients'
import { type ColumnTarget, columnTarget } from './import/client-csv-columns'
import { DATE_FORMATS, type DateFormat } from './import/date-formats'
import { FILE_ENCODINGS, type FileEncoding } from './import/decode-client-file'
import { describeProblem, parseClientsCsv } from './import/parse-clients-csv'

/**
 * `npm run import -- --db PATH|postgres://… [--key FILE] clients.csv`: adds the clients in a CSV file to an existing Portico
 * database, all or none. The whole file is checked before the database is opened for writing, so
 * a file with any bad row changes nothing (not even a pending schema update). Exit code 0 when
 * imported, 1 when the file has problems (each listed by line), 2 when it can't run. The practice's
 * audit key is read from `portico.audit-key` beside the database unless `--key` says where.
 * Columns are matched from common header spellings; `--map "Column=field"` (or `=ignore`) overrides a
 * match, `--strict` refuses unknown columns, `--date-format` and `--encoding` override detection.
 */
const USAGE =
  'Usage: npm run import -- --db /path/to/portico.sqlite3|postgres://USER:PASSWORD@HOST:PORT/DATABASE [--key FILE] ' +
  `[--map "Column=field|ignore"]… [--strict] [--skip-duplicates] [--date-format ${DATE_FORMATS.join('|')}] [--encoding ${FILE_ENCODINGS.join('|')}] clients.csv`
const count = new Intl.NumberFormat('en-US')
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 1000 ? 2 : 1)} s`

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

/** True when the file holds Portico's tables; null when it can't be read here (openDatabase says why). */
function isPorticoDatabase(path: string): boolean | null {
  let reader: SqliteDatabase.Database | undefined
  try {
    reader = new SqliteDatabase(path, { readonly: true, fileMustExist: true })
    return appliedMigrations(reader).length > 0
  } catch {
    return null
  } finally {
    reader?.close()
  }
}


/** Drawn on stderr, and only when it is a terminal: piped output gets just the summary. */
function progressBar(phase: string): SingleBar {
  return new SingleBar({ format: `${phase.padEnd(9)} |{bar}| {percentage}% | {amount}`, hideCursor: true }, Presets.shades_classic)
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      db: { type: 'string' },
      key: { type: 'string' },
      map: { type: 'string', multiple: true },
      strict: { type: 'boolean' },
      'skip-duplicates': { type: 'boolean' },
      'date-format': { type: 'string' },
      encoding: { type: 'string' },
    },
    allowPositionals: true,
  })
  const keyOption = () => (values.key ? { keyPath: resolve(values.key) } : {})
  if (!values.db || positionals.length !== 1) fail(USAGE)
  const onServer = isServerUrl(values.db)
  const dbPath = onServer ? values.db : resolve(values.db)
  const named = onServer ? describeTarget(parseDatabaseTarget(dbPath)) : dbPath
  const csvPath = resolve(positionals[0]!)
  if (!onServer && !existsSync(dbPath)) fail(`There is no database at ${dbPath}. The import adds clients to an existing Portico database: check the path.`)
  if ((onServer ? await serverHoldsPractice(dbPath) : isPorticoDatabase(dbPath)) === false) fail(`${named} is not a Portico database. It has not been changed.`)
  if (!existsSync(csvPath) || !statSync(csvPath).isFile()) fail(`There is no file at ${csvPath}.`)

  const overrides: Record<string, ColumnTarget> = {}
  for (const map of values.map ?? []) {
    const at = map.lastIndexOf('=')
    const target = at > 0 ? columnTarget(map.slice(at + 1)) : null
    if (target === null) fail(`--map "${map}" should name a column and a field, like --map "Mobile Phone=phone" or --map "Notes=ignore". The fields are first_name, last_name, full_name, preferred_name, date_of_birth, email, phone, status.`)
    overrides[map.slice(0, at).trim()] = target
  }
  const dateFormat = values['date-format']
  if (dateFormat !== undefined && !(DATE_FORMATS as readonly string[]).includes(dateFormat)) fail(`--date-format must be one of ${DATE_FORMATS.join(', ')}.`)
  const encoding = values.encoding?.toLowerCase()
  if (encoding !== undefined && !(FILE_ENCODINGS as readonly string[]).includes(encoding)) fail(`--encoding must be one of ${FILE_ENCODINGS.join(', ')}.`)

  const started = performance.now()
  const size = statSync(csvPath).size
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1)
  const checking = progressBar('Checking')
  checking.start(size, 0, { amount: `0.0 / ${mb(size)} MB` })
  const parsed = await parseClientsCsv(createReadStream(csvPath), {
    overrides,
    strict: values.strict ?? false,
    dateFormat: dateFormat as DateFormat | undefined,
    encoding: encoding as FileEncoding | undefined,
    onProgress: ({ bytes, rows }) => checking.update(bytes, { amount: `${mb(bytes)} / ${mb(size)} MB, ${count.format(rows)} rows` }),
  })
  checking.update(size)
  checking.stop()
  const checked = performance.now()

  if (parsed.dateAmbiguity) {
    const [a, b] = parsed.dateAmbiguity.formats
    console.error(`Nothing was imported: every date of birth could be month first (${a}) or day first (${b}). For example:`)
    for (const { value, readings } of parsed.dateAmbiguity.examples) console.error(`  ${value} is ${readings[0]} as ${a}, ${readings[1]} as ${b}`)
    console.error(`Run the import again with --date-format ${a} or --date-format ${b}.`)
    process.exitCode = 1
    return
  }
  if (parsed.problemCount > 0) {
    const more = parsed.problemCount - parsed.problems.length
    const bad = parsed.badRows === 0 ? '' : `: ${count.format(parsed.badRows)} ${parsed.badRows === 1 ? 'row has problems' : 'rows have problems'}`
    console.error(`Nothing was imported${bad}. Fix the file and run the import again.`)
    for (const problem of parsed.problems) console.error(describeProblem(problem))
    if (more > 0) console.error(`… and ${count.format(more)} more.`)
    process.exitCode = 1
    return
  }

  const opened = await openDatabase(dbPath, {
    beforeMigrate: async ({ store }) => {
      if (store.fileBackups) await backupBeforeMigration(store, dbPath)
    },
  }).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)))
  const trail = await openAuditTrail(opened.db, { dbPath, stores: hostAuditStores(dbPath, keyOption()), workstation: hostname() }).catch(async (error: unknown) => {
    await opened.db.destroy()
    return fail(error instanceof Error ? error.message : String(error))
  })
  if (trail.warning) console.error(trail.warning)
  const importing = progressBar('Importing')
  let rows = parsed.rows
  let duplicateNote = ''
  let phoneNote = ''
  try {
    const duplicates = await findLikelyDuplicates(opened.db, parsed.rows)
    if (duplicates.length > 0) {
      const skip = values['skip-duplicates'] ?? false
      if (skip) rows = withoutDuplicates(parsed.rows, duplicates)
      const n = count.format(duplicates.length)
      duplicateNote = `${n} likely duplicate${duplicates.length > 1 ? 's' : ''} (same name and date of birth as a client already here, or as an earlier row) ${skip ? 'skipped' : 'imported; --skip-duplicates leaves them out'}.`
    }
    importing.start(rows.length, 0, { amount: `0 / ${count.format(rows.length)} rows` })
    const imported = await importClients(opened.store, opened.db, rows, {
      actor: { type: 'system', name: 'import', workstation: hostname() },
      fileName: basename(csvPath),
      skippedDuplicates: parsed.rows.length - rows.length,
      onProgress: (done, total) => importing.update(done, { amount: `${count.format(done)} / ${count.format(total)} rows` }),
    })
    const kept = imported.phonesKeptAsTyped
    if (kept > 0) {
      phoneNote =
        `${count.format(kept)} phone number${kept > 1 ? 's' : ''} couldn’t be read as a real number and ${kept > 1 ? 'were' : 'was'} kept as the file has ${kept > 1 ? 'them' : 'it'} ` +
        '(a number without its country code is read as one of the practice’s country, Settings → Practice).'
    }
  } finally {
    importing.stop()
    await trail.close()
    await opened.db.destroy()
  }
  const finished = performance.now()
  if (duplicateNote) console.log(duplicateNote)
  if (phoneNote) console.log(phoneNote)
  const ignored = parsed.header?.matches.filter((m) => m.target === 'ignore').map((m) => `“${m.column}”`) ?? []
  if (ignored.length > 0) console.log(`Not imported: the column${ignored.length > 1 ? 's' : ''} ${ignored.join(', ')}.`)
  console.log(
    `Imported ${count.format(rows.length)} ${rows.length === 1 ? 'client' : 'clients'} in ${seconds(finished - started)} ` +
      `(${count.format(Math.round(rows.length / ((finished - started) / 1000)))} rows/s): checked in ${seconds(checked - started)}, written in ${seconds(finished - checked)}.`,
  )
}

main().catch((error: unknown) => {
  console.error(`The import failed and nothing was imported: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 2
})
