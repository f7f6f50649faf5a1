import { CLIENT_FIELD_LABELS, type ClientFormValues } from '../../shared/client-input'

/** A column an import file may have: a field of the desk's client form, or the client's status. */
export type ClientColumn = keyof ClientFormValues | 'status'

/** The names staff write in the header row, in the order they are listed back to them. */
export const CLIENT_CSV_COLUMNS: Record<ClientColumn, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  preferredName: 'preferred_name',
  dateOfBirth: 'date_of_birth',
  email: 'email',
  phone: 'phone',
  status: 'status',
}

/** Without these there is nothing to validate a client against; every other column may be left out. */
const REQUIRED: ClientColumn[] = ['firstName', 'lastName', 'dateOfBirth']

export const COLUMN_LABELS: Record<ClientColumn, string> = { ...CLIENT_FIELD_LABELS, status: 'Status' }

/** "First Name", "first_name" and "FIRSTNAME" all name the same column. */
const normalize = (name: string) => name.trim().toLowerCase().replace(/[\s_]+/g, '')

const byNormalName = new Map(
  (Object.entries(CLIENT_CSV_COLUMNS) as [ClientColumn, string][]).map(([column, name]) => [normalize(name), column]),
)

const KNOWN_LIST = `${Object.values(CLIENT_CSV_COLUMNS).join(', ')} (capitals, spaces and underscores don’t matter)`

/** Where each column is in a row, and how many values every row must have. */
export interface ClientCsvHeader {
  index: Partial<Record<ClientColumn, number>>
  width: number
}

export type HeaderResult = { ok: true; header: ClientCsvHeader } | { ok: false; messages: string[] }

/** Finds each known column in the header row, or says everything wrong with the header. */
export function readHeader(cells: string[]): HeaderResult {
  const index: Partial<Record<ClientColumn, number>> = {}
  const unknown: string[] = []
  const messages: string[] = []
  cells.forEach((cell, position) => {
    const column = byNormalName.get(normalize(cell))
    if (column === undefined) unknown.push(cell.trim() === '' ? `(column ${position + 1} has no name)` : `“${cell.trim()}”`)
    else if (index[column] !== undefined) messages.push(`The column ${CLIENT_CSV_COLUMNS[column]} appears twice in the header row.`)
    else index[column] = position
  })
  if (unknown.length > 0) {
    messages.unshift(`Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. The columns Portico knows are ${KNOWN_LIST}.`)
  }
  const missing = REQUIRED.filter((column) => index[column] === undefined).map((column) => CLIENT_CSV_COLUMNS[column])
  if (missing.length > 0) messages.push(`The header row needs the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`)
  return messages.length > 0 ? { ok: false, messages } : { ok: true, header: { index, width: cells.length } }
}
