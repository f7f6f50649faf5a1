import { type CheckedClientFile, checkClientFile, fileKindOf } from '../../../db/import/check-client-file'
import { ImportCancelledError, importClients } from '../../../db/import/import-clients'
import { withoutDuplicates } from '../../../db/import/find-duplicates'
import { listImportedClients } from '../../../db/repositories/imported-clients'
import { MAX_IMPORT_BYTES, MAX_IMPORT_SIZE_WORDS, type ImportCheck } from '../../../shared/client-import'
import { AppError } from '../app-error'
import type { HandlerMap } from '../dispatcher'
import { forgetImport, heldImport, holdImport } from '../import/pending-imports'

const PREVIEW_ROWS = 10
const DUPLICATES_SHOWN = 50

/** What the desk shows of a checked file: never more than a preview of its rows. */
function describeCheck(fileName: string, checked: CheckedClientFile, token: string | null): ImportCheck {
  const { parsed, duplicates } = checked
  const xlsx = checked.kind === 'xlsx'
  return {
    token,
    fileName,
    kind: checked.kind,
    encoding: xlsx ? null : parsed.encoding,
    delimiter: xlsx ? null : parsed.delimiter,
    columns: parsed.header?.matches ?? [],
    unknown: parsed.header?.unknown ?? [],
    dateFormat: parsed.dateFormat,
    dateAmbiguity: parsed.dateAmbiguity,
    ready: parsed.rows.length,
    badRows: parsed.badRows,
    problemCount: parsed.problemCount,
    problems: parsed.problems,
    preview: parsed.rows.slice(0, PREVIEW_ROWS),
    duplicates: {
      count: duplicates.length,
      items: duplicates.slice(0, DUPLICATES_SHOWN).map((d) => {
        const r = parsed.rows[d.row]!
        return { firstName: r.firstName, lastName: r.lastName, dateOfBirth: r.dateOfBirth, alreadyHere: d.existingClientId !== null }
      }),
    },
  }
}

/**
 * Clients → Import clients… (admins): the renderer sends the chosen file's bytes; main checks its
 * size and kind, reads it with the import's own pipeline, and holds the checked rows for this desk
 * under a token. Importing is all or nothing, reports progress while it runs, and can be cancelled.
 */
export const clientImportHandlers = {
  checkClientImport: async ({ fileName, data, encoding, columns, dateFormat }, ctx) => {
    const bytes = Buffer.from(data, 'base64')
    if (bytes.length > MAX_IMPORT_BYTES) throw new AppError('INVALID_INPUT', `That file is larger than ${MAX_IMPORT_SIZE_WORDS}. Split it into smaller files and import each.`)
    if (bytes.length === 0) throw new AppError('INVALID_INPUT', 'That file is empty. Choose the file your old system exported.')
    const kind = fileKindOf(fileName, bytes)
    if ('refused' in kind) throw new AppError('INVALID_INPUT', kind.refused)
    let checked: CheckedClientFile
    try {
      checked = await checkClientFile(ctx.db, bytes, kind.kind, { ...(encoding ? { encoding } : {}), ...(dateFormat ? { dateFormat } : {}), ...(columns ? { columns } : {}) })
    } catch (error) {
      // A workbook read-excel-file can't open: damaged, or protected with a password.
      if (kind.kind === 'xlsx' && !(error instanceof AppError)) throw new AppError('INVALID_INPUT', 'Portico could not open this workbook (it may be damaged or protected with a password). Save it again from Excel as .xlsx or CSV UTF-8.')
      throw error
    }
    const importable = checked.parsed.problemCount === 0 && checked.parsed.rows.length > 0
    const token = importable ? holdImport(ctx.session, ctx.session.staff!.id, fileName, checked.parsed.rows, checked.duplicates) : null
    return describeCheck(fileName, checked, token)
  },

  runClientImport: async ({ token, skipDuplicates }, ctx) => {
    const held = heldImport(ctx.session, token, ctx.session.staff?.id)
    if (held.progress.running) throw new AppError('CONFLICT', 'This file is being imported already.')
    const rows = skipDuplicates ? withoutDuplicates(held.rows, held.duplicates) : held.rows
    const skipped = held.rows.length - rows.length
    held.cancel = new AbortController()
    held.progress = { done: 0, total: rows.length, running: true }
    try {
      const { at } = await importClients(ctx.data?.store ?? null, ctx.db, rows, {
        actor: ctx.actor,
        now: ctx.now(),
        fileName: held.fileName,
        skippedDuplicates: skipped,
        signal: held.cancel.signal,
        // 2,000 rows between pauses: main answers other calls (a search, the progress) between batches.
        batchSize: 2_000,
        onProgress: (done, total) => {
          held.progress = { done, total, running: true }
        },
      })
      forgetImport(ctx.session, token)
      return { imported: rows.length, skippedDuplicates: skipped, importedAt: at }
    } catch (error) {
      held.progress = { done: 0, total: rows.length, running: false }
      if (error instanceof ImportCancelledError) throw new AppError('CONFLICT', error.message)
      throw error
    } finally {
      held.progress.running = false
      held.cancel = null
    }
  },

  getClientImportProgress: async ({ token }, ctx) => ({ ...heldImport(ctx.session, token, ctx.session.staff?.id).progress }),

  cancelClientImport: async ({ token }, ctx) => {
    const held = heldImport(ctx.session, token, ctx.session.staff?.id)
    held.cancel?.abort()
    return { cancelling: held.progress.running }
  },

  listImportedClients: async ({ importedAt, offset }, ctx) => listImportedClients(ctx.db, { importedAt, offset, limit: 200 }),
} satisfies Pick<HandlerMap, 'checkClientImport' | 'runClientImport' | 'getClientImportProgress' | 'cancelClientImport' | 'listImportedClients'>
