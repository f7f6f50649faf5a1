import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError } from './form-outcome'

export interface AuditSlice {
  auditExporting: boolean
  /** "Exported N events." once the file was handed over. */
  auditNotice: string | null
  /** Exports the audit log from `from` to `to` (calendar days, both included) as a CSV download. */
  exportAudit: (from: string, to: string) => Promise<FormOutcome>
  auditKeyExporting: boolean
  /** "Saved the audit key (key id …)." once the file was handed over. */
  auditKeyNotice: string | null
  /** Saves the practice's audit key as a file, to keep somewhere safe away from this computer. */
  exportAuditKey: () => Promise<FormOutcome>
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

export const createAuditSlice: DeskSlice<AuditSlice> = (deps) => (set, get) => ({
  auditExporting: false,
  auditNotice: null,
  auditKeyExporting: false,
  auditKeyNotice: null,

  exportAuditKey: async () => {
    if (get().auditKeyExporting) return { ok: false, fieldErrors: {}, message: null }
    const save = deps.saveFile()
    if (!save) return { ok: false, fieldErrors: {}, message: 'Files cannot be saved from here.' }
    set({ auditKeyExporting: true, auditKeyNotice: null })
    try {
      const { filename, text, keyId } = await deps.call('exportAuditKey', {})
      save(filename, text, 'application/json')
      set({ auditKeyNotice: `Saved the audit key (key id ${keyId}). Keep the file somewhere safe, away from this computer.` })
      return OK
    } catch (error) {
      return outcomeFromError(error, [])
    } finally {
      set({ auditKeyExporting: false })
    }
  },

  exportAudit: async (from, to) => {
    if (get().auditExporting) return { ok: false, fieldErrors: {}, message: null }
    const fieldErrors = {
      ...(DATE.test(from) ? {} : { from: 'Choose the first day to export.' }),
      ...(DATE.test(to) ? {} : { to: 'Choose the last day to export.' }),
    }
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, message: null }
    if (from > to) return { ok: false, fieldErrors: { to: 'The last day cannot be before the first.' }, message: null }
    const save = deps.saveFile()
    if (!save) return { ok: false, fieldErrors: {}, message: 'Files cannot be saved from here.' }
    set({ auditExporting: true, auditNotice: null })
    try {
      const { filename, csv, rows } = await deps.call('exportAudit', { from, to })
      save(filename, csv, 'text/csv;charset=utf-8')
      set({ auditNotice: `Exported ${String(rows)} ${rows === 1 ? 'event' : 'events'}.` })
      return OK
    } catch (error) {
      return outcomeFromError(error, ['from', 'to'])
    } finally {
      set({ auditExporting: false })
    }
  },
})
