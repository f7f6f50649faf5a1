import { z } from 'zod'

/**
 * The largest file the desk takes for an import: 20 MB, about 250,000 clients as CSV. The renderer
 * sends the bytes over IPC (base64), and main holds the checked rows until the admin imports them.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024
export const MAX_IMPORT_SIZE_WORDS = '20 MB'
/** The file kinds the desk reads, by name ending (main also checks the bytes). */
export const IMPORT_FILE_ENDINGS = ['.csv', '.tsv', '.txt', '.xlsx'] as const

/** What a file's column can be matched to (see db/import/client-csv-columns.ts). */
export const ImportTarget = z.enum(['firstName', 'lastName', 'preferredName', 'dateOfBirth', 'email', 'phone', 'status', 'fullName', 'ignore'])
export type ImportTarget = z.infer<typeof ImportTarget>
export const ImportDateFormat = z.enum(['YYYY-MM-DD', 'YYYY/MM/DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'M/D/YY', 'D/M/YY', 'excel'])
export type ImportDateFormat = z.infer<typeof ImportDateFormat>
export const ImportEncoding = z.enum(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'])
export type ImportEncoding = z.infer<typeof ImportEncoding>

const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4

export const CheckImportInput = z.strictObject({
  fileName: z.string().trim().min(1, 'Choose a file.').max(255, 'The file’s name is too long. Rename it, then choose it again.'),
  data: z.base64('The file could not be sent to Portico. Choose it again.').max(base64Length(MAX_IMPORT_BYTES), `That file is larger than ${MAX_IMPORT_SIZE_WORDS}. Split it into smaller files and import each.`),
  encoding: ImportEncoding.optional(),
  /** The admin's matches, column by column, overriding the automatic ones. */
  columns: z.array(z.strictObject({ column: z.string().max(500), target: ImportTarget })).max(500).optional(),
  dateFormat: ImportDateFormat.optional(),
})

const ImportRow = z.strictObject({
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: z.enum(['active', 'inactive']),
})

/** What main found in a file: how it read it, the matches, the problems, a preview and likely duplicates. */
export const ImportCheck = z.strictObject({
  /** Names the checked rows main holds for this desk; null when there is nothing to import yet. */
  token: z.string().nullable(),
  fileName: z.string(),
  kind: z.enum(['csv', 'xlsx']),
  encoding: ImportEncoding.nullable(),
  delimiter: z.string().nullable(),
  columns: z.array(z.strictObject({ column: z.string(), target: ImportTarget })),
  unknown: z.array(z.string()),
  dateFormat: ImportDateFormat.nullable(),
  dateAmbiguity: z
    .strictObject({
      formats: z.tuple([ImportDateFormat, ImportDateFormat]),
      examples: z.array(z.strictObject({ value: z.string(), readings: z.tuple([z.string(), z.string()]) })),
    })
    .nullable(),
  ready: z.number().int().nonnegative(),
  badRows: z.number().int().nonnegative(),
  problemCount: z.number().int().nonnegative(),
  problems: z.array(z.strictObject({ line: z.number().int(), field: z.string().nullable(), message: z.string() })),
  preview: z.array(ImportRow),
  duplicates: z.strictObject({
    count: z.number().int().nonnegative(),
    items: z.array(z.strictObject({ firstName: z.string(), lastName: z.string(), dateOfBirth: z.string(), alreadyHere: z.boolean() })),
  }),
})
export type ImportCheck = z.infer<typeof ImportCheck>

const Token = z.string().regex(/^[0-9a-f-]{36}$/, 'Check the file again, then import it.')
export const RunImportInput = z.strictObject({ token: Token, skipDuplicates: z.boolean() })
/** `importedAt` is every imported client's created-at stamp: the list narrows to them by it. */
export const ImportDone = z.strictObject({ imported: z.number().int().nonnegative(), skippedDuplicates: z.number().int().nonnegative(), importedAt: z.string() })
export const ImportTokenInput = z.strictObject({ token: Token })
export const ImportProgress = z.strictObject({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative(), running: z.boolean() })
