import { CLIENT_FIELD_LABELS, type ClientFormValues } from '../../shared/client-input'

/** A column an import file may have: a field of the desk's client form, or the client's status. */
export type ClientColumn = keyof ClientFormValues | 'status'

/** What a file's column can be matched to: a client column, a full name split in two, or nothing. */
export type ColumnTarget = ClientColumn | 'fullName' | 'ignore'

/** The names Portico's own export writes, in the order they are listed back to staff. */
export const CLIENT_CSV_COLUMNS: Record<ClientColumn, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  preferredName: 'preferred_name',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  status: 'status',
}

export const COLUMN_LABELS: Record<ClientColumn, string> = { ...CLIENT_FIELD_LABELS, status: 'Status' }
const TARGET_LABELS: Record<ColumnTarget, string> = { ...COLUMN_LABELS, fullName: 'Full name (split into first and last)', ignore: 'Ignored' }

/** "First Name", "first_name", "E-mail" and "FIRSTNAME" all name the same column. */
export const normalizeHeader = (name: string) => name.trim().toLowerCase().replace(/[\s_\-.]+/g, '')

/** Common header spellings, from Portico's own and from other practice systems' exports. */
const SPELLINGS: Record<Exclude<ColumnTarget, 'ignore'>, string[]> = {
  firstName: ['first_name', 'first name', 'firstname', 'given name', 'legal first name', 'forename', 'first'],
  lastName: ['last_name', 'last name', 'surname', 'family name', 'legal last name', 'last'],
  preferredName: ['preferred_name', 'preferred name', 'nickname', 'goes by', 'preferred first name'],
  dateOfBirth: ['date_of_birth', 'date of birth', 'dob', 'birth date', 'birthdate', 'birthday'],
  email: ['email', 'e-mail', 'email address', 'e-mail address'],
  phone: ['phone', 'mobile', 'mobile phone', 'cell', 'cell phone', 'home phone', 'phone number', 'telephone'],
  status: ['status', 'active', 'client status'],
  fullName: ['full name', 'client', 'client name', 'name'],
}
const byNormalName = new Map<string, ColumnTarget>(
  (Object.entries(SPELLINGS) as [ColumnTarget, string[]][]).flatMap(([target, names]) => names.map((n) => [normalizeHeader(n), target] as const)),
)

/** Parses an override's target as staff write it ("phone", "Date of birth", "ignore", "full name"). */
export function columnTarget(name: string): ColumnTarget | null {
  const n = normalizeHeader(name)
  if (n === 'ignore' || n === 'skip') return 'ignore'
  return byNormalName.get(n) ?? null
}

/** Where each known column is in a row, how many values every row must have, and what was left out. */
export interface ClientCsvHeader {
  index: Partial<Record<ClientColumn, number>>
  /** A "Full name" column, split into first and last where those columns are absent. */
  fullName?: number
  width: number
  /** Each file column and what it was matched to, in file order, for staff to check or change. */
  matches: { column: string; target: ColumnTarget }[]
  /** Columns Portico does not know, which are not imported (listed, never dropped silently). */
  unknown: string[]
}

export interface HeaderOptions {
  /** File column → target, overriding the automatic match ("Mobile Phone" → phone, "Notes" → ignore). */
  overrides?: Readonly<Record<string, ColumnTarget>>
  /** Refuse a file with columns Portico doesn't know, rather than leave them out. */
  strict?: boolean
}

export type HeaderResult = { ok: true; header: ClientCsvHeader } | { ok: false; messages: string[] }

const nameOf = (cell: string, position: number) => (cell.trim() === '' ? `(column ${position + 1} has no name)` : `“${cell.trim()}”`)

/** Matches each column of the header row to a client field, or says everything wrong with the header. */
export function readHeader(cells: string[], options: HeaderOptions = {}): HeaderResult {
  const given = Object.entries(options.overrides ?? {})
  const overrides = new Map(given.map(([name, target]) => [normalizeHeader(name), target]))
  const index: Partial<Record<ClientColumn, number>> = {}
  let fullName: number | undefined
  const matches: ClientCsvHeader['matches'] = []
  const unknown: string[] = []
  const messages: string[] = []
  const firstAt = new Map<ColumnTarget, string>()
  cells.forEach((cell, position) => {
    const target = overrides.get(normalizeHeader(cell)) ?? byNormalName.get(normalizeHeader(cell))
    if (target === undefined) {
      unknown.push(nameOf(cell, position))
      matches.push({ column: cell.trim(), target: 'ignore' })
      return
    }
    matches.push({ column: cell.trim(), target })
    if (target === 'ignore') return
    const earlier = firstAt.get(target)
    if (earlier !== undefined) {
      messages.push(`Both ${earlier} and ${nameOf(cell, position)} look like ${TARGET_LABELS[target]}. Choose one and ignore the other (--map "${cell.trim()}=ignore").`)
      return
    }
    firstAt.set(target, nameOf(cell, position))
    if (target === 'fullName') fullName = position
    else index[target] = position
  })
  for (const [name] of given) {
    if (!cells.some((cell) => normalizeHeader(cell) === normalizeHeader(name))) messages.push(`There is no column “${name}” in the header row to match.`)
  }
  if (options.strict && unknown.length > 0) {
    messages.unshift(`Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Match ${unknown.length > 1 ? 'them' : 'it'} to a field or ignore ${unknown.length > 1 ? 'them' : 'it'}.`)
  }
  const names = fullName !== undefined ? [] : (['firstName', 'lastName'] as const).filter((c) => index[c] === undefined)
  const missing = [...names.map((c) => COLUMN_LABELS[c]), ...(index.dateOfBirth === undefined ? [COLUMN_LABELS.dateOfBirth] : [])]
  if (missing.length > 0) messages.push(`No column was matched to ${missing.join(', ')}. The file needs first and last names (or a full name) and a date of birth.`)
  return messages.length > 0 ? { ok: false, messages } : { ok: true, header: { index, fullName, width: cells.length, matches, unknown } }
}
