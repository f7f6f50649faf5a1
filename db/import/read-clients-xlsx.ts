import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import { readSheet } from 'read-excel-file/node'

/** A workbook is a zip file: it starts with "PK\3\4". */
export const looksLikeXlsx = (bytes: Buffer) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04

const pad = (n: number) => String(n).padStart(2, '0')

/** A cell as the CSV pipeline reads it: a date cell as an ISO date, a number as written (a serial date stays a serial). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  // read-excel-file gives a date-formatted cell as midnight UTC of that day.
  if (value instanceof Date) return `${String(value.getUTCFullYear())}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`
  if (typeof value === 'boolean') return value ? 'yes' : 'no'
  return String(value as string | number)
}

/**
 * The first sheet of an Excel workbook (.xlsx), as the UTF-8 CSV bytes `parseClientsCsv` reads: a
 * workbook goes through the same header matching, date detection and row checks as a CSV file.
 * Cells Excel formats as dates arrive as ISO dates; numbers in a date column as serial dates.
 */
export async function xlsxAsCsv(bytes: Buffer): Promise<Readable> {
  const rows = await readSheet(bytes)
  const csv = stringify(rows.map((row) => row.map(cellText)), { record_delimiter: '\n' })
  return Readable.from([Buffer.from(csv, 'utf8')])
}
