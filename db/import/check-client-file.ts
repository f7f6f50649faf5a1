import { Readable } from 'node:stream'
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import type { ColumnTarget } from './client-csv-columns'
import type { DateFormat } from './date-formats'
import type { FileEncoding } from './decode-client-file'
import { type LikelyDuplicate, findLikelyDuplicates } from './find-duplicates'
import { type ParsedClients, parseClientsCsv } from './parse-clients-csv'
import { looksLikeXlsx, xlsxAsCsv } from './read-clients-xlsx'

/** What a file holds, checked: the parse, whether it was a workbook, and the likely duplicates among its good rows. */
export interface CheckedClientFile {
  parsed: ParsedClients
  kind: 'csv' | 'xlsx'
  duplicates: LikelyDuplicate[]
}

export interface CheckFileOptions {
  encoding?: FileEncoding
  dateFormat?: DateFormat
  /** The admin's matches, column by column (from the desk's Match columns step). */
  columns?: readonly { column: string; target: ColumnTarget }[]
  maxProblems?: number
}

/** The file's kind, or why the desk won't read it: named by its ending, then checked by its bytes. */
export function fileKindOf(fileName: string, bytes: Buffer): { kind: 'csv' | 'xlsx' } | { refused: string } {
  const ending = fileName.toLowerCase().match(/\.[a-z0-9]+$/)?.[0] ?? ''
  const workbook = looksLikeXlsx(bytes)
  if (ending === '.xlsx') return workbook ? { kind: 'xlsx' } : { refused: 'This file’s name ends in .xlsx but it isn’t an Excel workbook. Save it again from Excel, or as CSV UTF-8.' }
  if (ending === '.xls') return { refused: 'This is an older Excel file (.xls). Open it in Excel and save it as an Excel Workbook (.xlsx) or CSV UTF-8, then import that.' }
  if (!['.csv', '.tsv', '.txt'].includes(ending)) return { refused: 'Portico imports CSV or TSV text files (.csv, .tsv, .txt) and Excel workbooks (.xlsx). Save the list as one of those.' }
  if (workbook || bytes.subarray(0, 8192).includes(0) && !/^\xff\xfe|^\xfe\xff/.test(bytes.subarray(0, 2).toString('latin1'))) {
    return { refused: 'This file isn’t text. Save the list as CSV UTF-8 (or as an Excel workbook, .xlsx) and import that.' }
  }
  return { kind: 'csv' }
}

/**
 * Reads a CSV/TSV or the first sheet of an .xlsx through the same pipeline (`parseClientsCsv`), then
 * finds likely duplicates of its good rows (only when the whole file is good: all or nothing).
 */
export async function checkClientFile(db: Kysely<Database>, bytes: Buffer, kind: 'csv' | 'xlsx', options: CheckFileOptions = {}): Promise<CheckedClientFile> {
  const input = kind === 'xlsx' ? await xlsxAsCsv(bytes) : Readable.from([bytes])
  // A workbook's cells are already text: its CSV is UTF-8, whatever encoding was asked for.
  const overrides = options.columns ? Object.fromEntries(options.columns.map((c) => [c.column, c.target])) : undefined
  const parsed = await parseClientsCsv(input, {
    ...(kind === 'csv' && options.encoding ? { encoding: options.encoding } : {}),
    ...(options.dateFormat ? { dateFormat: options.dateFormat } : {}),
    ...(overrides ? { overrides } : {}),
    maxProblems: options.maxProblems ?? 1000,
  })
  const clean = parsed.problemCount === 0 && parsed.rows.length > 0
  return { parsed, kind, duplicates: clean ? await findLikelyDuplicates(db, parsed.rows) : [] }
}
