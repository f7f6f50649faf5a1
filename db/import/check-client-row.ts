import { ClientInput, type ClientFields, type ClientFormValues } from '../../shared/client-input'
import type { ClientStatus } from '../../shared/dto'
import { CLIENT_CSV_COLUMNS, COLUMN_LABELS, type ClientColumn, type ClientCsvHeader } from './client-csv-columns'

/** One client ready to store: checked by the desk's own rules, trimmed, empty optional fields null. */
export type ClientImportRow = ClientFields & { status: ClientStatus }

/** What a decoder puts where the bytes weren't UTF-8. */
const NOT_UTF8 = '\uFFFD'

/**
 * A value the desk could never have been given: a line break (its inputs are one line) or bytes
 * that aren't UTF-8 (a spreadsheet's "CSV" in a legacy encoding). Said plainly rather than with the
 * desk's "can't store" message, which would send staff hunting for an invisible character.
 */
function unfitForTheDesk(value: string): string | null {
  if (value.includes(NOT_UTF8)) return 'has characters that aren’t UTF-8 text. Save the file as “CSV UTF-8” and import it again.'
  if (value.includes('\n') || value.includes('\r')) return 'runs over more than one line. Each detail must be on one line: remove the line break.'
  return null
}

/**
 * A spreadsheet's mark that a cell is text, not a formula: an apostrophe before = + - or @. Portico's
 * own client export writes it (see db/export/export-clients.ts), so the file imports back as it was.
 */
const withoutTextMarker = (value: string) => value.replace(/^'(?=[=+\-@])/, '')

/** What other systems write in a Status or Active column; empty is active. */
const STATUS_WORDS: Record<string, string> = { '': 'active', yes: 'active', y: 'active', true: 'active', '1': 'active', no: 'inactive', n: 'inactive', false: 'inactive', '0': 'inactive' }

/** "Nguyễn, Thị Lan" is last name first; "Thị Lan Nguyễn" has the last name last. */
function splitFullName(full: string): { firstName: string; lastName: string } {
  const comma = full.indexOf(',')
  if (comma >= 0) return { lastName: full.slice(0, comma).trim(), firstName: full.slice(comma + 1).trim() }
  const words = full.trim().split(/\s+/)
  return words.length < 2 ? { firstName: words[0] ?? '', lastName: '' } : { lastName: words.pop()!, firstName: words.join(' ') }
}

/**
 * Checks one data row: a good one is added to `rows`, each fault of a bad one is reported. Text is
 * stored NFC-normalised, so "Zoë" typed with a combining mark is found by a search for "Zoë".
 * `toIsoDate` reads the file's date format; a date it can't read goes to the desk's rule as written.
 */
export function checkClientRow(
  record: string[],
  line: number,
  header: ClientCsvHeader,
  report: (line: number, field: string | null, message: string) => void,
  rows: ClientImportRow[],
  toIsoDate: (value: string) => string | null = (value) => value,
): void {
  if (record.length !== header.width) {
    report(line, null, `This row has ${record.length} values but the header row names ${header.width} columns. A value with a comma in it needs double quotes around it.`)
    return
  }
  const cell = (column: ClientColumn) => {
    const position = header.index[column]
    return position === undefined ? '' : withoutTextMarker(record[position] ?? '').normalize('NFC')
  }
  const full = header.fullName === undefined ? null : splitFullName((record[header.fullName] ?? '').normalize('NFC'))
  const name = (column: 'firstName' | 'lastName') => (header.index[column] === undefined && full ? full[column] : cell(column))
  const dateOfBirth = cell('dateOfBirth')
  // As on the desk's form, the first problem found for a field is the one shown.
  const faults: Partial<Record<ClientColumn, string>> = {}
  for (const column of Object.keys(header.index) as ClientColumn[]) {
    const message = unfitForTheDesk(cell(column))
    if (message) faults[column] = message
  }
  const status = STATUS_WORDS[cell('status').trim().toLowerCase()] ?? cell('status').trim().toLowerCase()
  if (status !== 'active' && status !== 'inactive') faults.status ??= 'Enter active or inactive, or leave it empty for active.'
  const parsed = ClientInput.safeParse({
    firstName: name('firstName'),
    lastName: name('lastName'),
    preferredName: cell('preferredName'),
    dateOfBirth: toIsoDate(dateOfBirth) ?? dateOfBirth,
    email: cell('email'),
    phone: cell('phone'),
  })
  for (const issue of parsed.error?.issues ?? []) faults[issue.path[0] as keyof ClientFormValues] ??= issue.message

  const columns = (Object.keys(CLIENT_CSV_COLUMNS) as ClientColumn[]).filter((column) => faults[column] !== undefined)
  for (const column of columns) report(line, COLUMN_LABELS[column], faults[column]!)
  if (parsed.success && columns.length === 0 && (status === 'active' || status === 'inactive')) rows.push({ ...parsed.data, status })
}
