import type { ImportCheck, ImportTarget } from '../../../../shared/client-import'
import { MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_WORDS } from '../../../../shared/client-import'

/** The Portico fields an admin matches, in the order the Match columns step lists them. */
export const FIELDS: { target: Exclude<ImportTarget, 'ignore'>; label: string }[] = [
  { target: 'firstName', label: 'First name' },
  { target: 'lastName', label: 'Last name' },
  { target: 'fullName', label: 'Full name (split into first and last)' },
  { target: 'preferredName', label: 'Preferred name' },
  { target: 'dateOfBirth', label: 'Date of birth' },
  { target: 'email', label: 'Email' },
  { target: 'phone', label: 'Phone' },
  { target: 'status', label: 'Status' },
]

/** The chosen file's bytes as base64, for IPC; refused here first when larger than main takes. */
export async function readChosenFile(file: File): Promise<{ fileName: string; data: string } | { error: string }> {
  if (file.size > MAX_IMPORT_BYTES) return { error: `That file is larger than ${MAX_IMPORT_SIZE_WORDS}. Split it into smaller files and import each.` }
  const bytes = new Uint8Array(await file.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return { fileName: file.name, data: btoa(binary) }
}

/** Every file column with the field the admin chose for it (or ignored), for main's check. */
export function columnsFor(check: ImportCheck, byField: Partial<Record<ImportTarget, string>>): { column: string; target: ImportTarget }[] {
  return check.columns.map(({ column }) => {
    const field = (Object.entries(byField) as [ImportTarget, string][]).find(([, chosen]) => chosen === column)?.[0]
    return { column, target: field ?? 'ignore' }
  })
}

/** The matches main made, as field → column. */
export const matchedFields = (check: ImportCheck): Partial<Record<ImportTarget, string>> =>
  Object.fromEntries(check.columns.filter((c) => c.target !== 'ignore').map((c) => [c.target, c.column]))

/** The problems as a CSV the admin can open beside the file to fix it. */
export const problemsCsv = (check: ImportCheck): string =>
  `\uFEFF${[['line', 'field', 'problem'], ...check.problems.map((p) => [String(p.line), p.field ?? '', p.message])].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`

/** A cell quoted when it must be; one starting like a formula is written as text, as Portico's exports do. */
const csvCell = (value: string) => {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}
