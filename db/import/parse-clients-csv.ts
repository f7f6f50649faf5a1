import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CsvError, type Info, parse } from 'csv-parse'
import { type ClientImportRow, checkClientRow } from './check-client-row'
import { CLIENT_CSV_COLUMNS, COLUMN_LABELS, type ClientCsvHeader, type HeaderOptions, readHeader } from './client-csv-columns'
import { type DateAmbiguity, type DateFormat, detectDateFormat, toIsoDate } from './date-formats'
import { type FileEncoding, decodeClientFile } from './decode-client-file'
import { type Delimiter, detectDelimiter } from './detect-delimiter'

export type { ClientImportRow } from './check-client-row'

export interface ImportProblem {
  /** The line the row starts on, counted as a text editor counts (a quoted value with line breaks spans several). */
  line: number
  /** The field as the desk labels it ('Email'), or null when the problem is the whole row or file. */
  field: string | null
  message: string
}

export interface ParsedClients {
  /** Every good row; only worth importing when `problemCount` is 0 (all or nothing). */
  rows: ClientImportRow[]
  /** The first `maxProblems` problems, in file order. */
  problems: ImportProblem[]
  problemCount: number
  /** How many rows (not counting blank ones) have at least one problem. */
  badRows: number
  /** How the file was read: detected, or as the caller said. */
  encoding: FileEncoding
  delimiter: Delimiter
  /** The header as matched (each column and its field, and the unknown ones left out); null when refused. */
  header: ClientCsvHeader | null
  /** The dates' format; null when none was read, or when the file is ambiguous (see `dateAmbiguity`). */
  dateFormat: DateFormat | null
  /** Set when every date reads both month-first and day-first: staff must choose, and no row was checked. */
  dateAmbiguity: DateAmbiguity | null
}

export interface ParseOptions extends HeaderOptions {
  /** Read the file in this encoding rather than the detected one. */
  encoding?: FileEncoding
  /** Split values at this separator rather than the detected one. */
  delimiter?: Delimiter
  /** Read dates of birth in this format rather than the detected one (needed when the file is ambiguous). */
  dateFormat?: DateFormat
  /** How many problems to keep for reporting; the rest are only counted. 100 unless told. */
  maxProblems?: number
  /** Called every few hundred rows and at the end, with the bytes of the file read so far. */
  onProgress?: (progress: { bytes: number; rows: number }) => void
}

/** `line 17: Email — Enter an email address like name@example.com, or leave it empty.` */
export function describeProblem(problem: ImportProblem): string {
  return `line ${problem.line}: ${problem.field ? `${problem.field} — ` : ''}${problem.message}`
}

/** A runaway quote would otherwise hold the rest of a large file in memory before failing. */
const MAX_RECORD_BYTES = 1_000_000
const PROGRESS_EVERY = 500
const CHECK_BETWEEN_PAUSES = 2_000
const LINE_BREAK = /\r\n|\r|\n/g

const lineBreaksIn = (cells: string[]) =>
  cells.reduce((n, cell) => (cell.includes('\n') || cell.includes('\r') ? n + (cell.match(LINE_BREAK)?.length ?? 0) : n), 0)

/** What the CSV reader's refusals mean to someone who made the file in a spreadsheet. */
function unreadable(error: CsvError): string {
  const rest = 'The file was not read past this point.'
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE':
      return `A double quote opens a value in this row and is never closed. ${rest}`
    case 'INVALID_OPENING_QUOTE':
      return `A value has a double quote in its middle. Put the whole value in double quotes and double the quote inside it ("5' 10""" for 5' 10"). ${rest}`
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `A quoted value has more text after its closing quote. ${rest}`
    default:
      return `This row could not be read as CSV (${error.message}). ${rest}`
  }
}

/** Where the parser's output goes: `on_record` keeps nothing, so nothing arrives. */
const nowhere = () => new Writable({ objectMode: true, write: (_record, _encoding, done) => done() })

/** Thrown from inside the reader to stop it once the header is refused. */
class HeaderRefused extends Error {}

async function readAll(input: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  return Buffer.concat(chunks)
}

/**
 * Reads a clients file and checks every row with the desk's `ClientInput` rules, so a file is
 * either wholly good or comes back with each bad row's line and reason. The encoding (UTF-8 with or
 * without BOM, UTF-16, Windows-1252), the separator (, ; tab |) and the dates' format are detected
 * unless `options` names them; the header's columns are matched from common spellings (see
 * `readHeader`); blank rows are skipped. Stops early when the header is wrong or the CSV is broken.
 *
 * Rows are collected in csv-parse's `on_record` hook, as each is parsed, and checked once the dates'
 * format is known: when the CSV breaks, every row before the break is still checked and counted.
 * Line numbers are counted here rather than taken from csv-parse, whose count drifts by one for
 * each CRLF inside a quoted value.
 */
export async function parseClientsCsv(input: Readable, options: ParseOptions = {}): Promise<ParsedClients> {
  const decoded = decodeClientFile(await readAll(input), options.encoding)
  const delimiter = options.delimiter ?? detectDelimiter(decoded.text)
  const maxProblems = options.maxProblems ?? 100
  const result: ParsedClients = {
    rows: [], problems: [], problemCount: 0, badRows: 0,
    encoding: decoded.encoding, delimiter, header: null, dateFormat: null, dateAmbiguity: null,
  }
  const report = (line: number, field: string | null, message: string) => {
    if (result.problems.length < maxProblems) result.problems.push({ line, field, message })
    result.problemCount++
  }
  let header: ClientCsvHeader | null = null
  let headerLine = 0
  let nextLine = 1
  let seen = 0
  let bytes = 0
  const records: { record: string[]; line: number }[] = []

  const onRecord = (record: string[], info: Info): null => {
    const line = nextLine
    nextLine += lineBreaksIn(record) + 1
    bytes = info.bytes
    if (record.every((cell) => cell.trim() === '')) return null
    if (header === null) {
      const read = readHeader(record, options)
      headerLine = line
      if (!read.ok) {
        read.messages.forEach((message) => report(line, null, message))
        throw new HeaderRefused()
      }
      header = read.header
      result.header = header
      return null
    }
    records.push({ record, line })
    if (++seen % PROGRESS_EVERY === 0) options.onProgress?.({ bytes, rows: seen })
    return null
  }

  /** Checks the rows read so far; false when the dates are ambiguous and no row could be checked. */
  const checkRecords = async (): Promise<boolean> => {
    if (header === null || records.length === 0) return true
    const dobAt = header.index.dateOfBirth!
    const detected = options.dateFormat ? { format: options.dateFormat, ambiguity: null } : detectDateFormat(records.map(({ record }) => record[dobAt] ?? ''))
    if (detected.ambiguity) {
      result.dateAmbiguity = detected.ambiguity
      const [a, b] = detected.ambiguity.formats
      report(headerLine, COLUMN_LABELS.dateOfBirth, `Every date of birth could be read month first or day first (${a} or ${b}). Choose the dates’ format.`)
      return false
    }
    const dateFormat = detected.format
    result.dateFormat = dateFormat
    const readings = new Map<string, string | null>()
    const read = (value: string) => {
      if (!readings.has(value)) readings.set(value, toIsoDate(value, dateFormat))
      return readings.get(value)!
    }
    for (const [i, { record, line }] of records.entries()) {
      // A desk checks a large file in main: it pauses now and then so the window keeps answering.
      if (i > 0 && i % CHECK_BETWEEN_PAUSES === 0) await new Promise<void>((resolve) => setImmediate(resolve))
      const before = result.problemCount
      checkClientRow(record, line, header, report, result.rows, read)
      if (result.problemCount > before) result.badRows++
    }
    return true
  }

  const parser = parse({
    delimiter,
    relax_column_count: true,
    // Named outright: auto-detection locks onto the first break it meets, which a blank first line can mislead.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
    on_record: onRecord,
  })
  try {
    await pipeline(Readable.from([decoded.text]), parser, nowhere())
  } catch (error) {
    if (error instanceof HeaderRefused) return result
    if (!(error instanceof CsvError)) throw error
    if (!(await checkRecords())) return result
    report(nextLine, null, unreadable(error))
    result.badRows++
    return result
  }

  if (!(await checkRecords())) return result
  if (header === null) report(1, null, `The file is empty. Its first row must name the columns: ${Object.values(CLIENT_CSV_COLUMNS).join(',')}.`)
  else if (seen === 0) report(headerLine, null, 'The file has a header row but no clients under it.')
  options.onProgress?.({ bytes, rows: seen })
  return result
}
