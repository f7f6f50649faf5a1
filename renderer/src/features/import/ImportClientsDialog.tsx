import { useEffect, useId, useRef, useState } from 'react'
import type { ImportCheck, ImportDateFormat, ImportEncoding, ImportTarget } from '../../../../shared/client-import'
import { call, errorMessage } from '../../lib/api'
import { saveFileFromBrowser } from '../../lib/save-file'
import { ChooseDateFormat, MatchColumns, Preview } from './ImportSteps'
import { columnsFor, matchedFields, problemsCsv, readChosenFile } from './import-file'

type Step = 'file' | 'columns' | 'dates' | 'preview' | 'importing' | 'done'
const TITLES: Record<Step, string> = { file: 'Choose a file', columns: 'Match columns', dates: 'Dates of birth', preview: 'Preview', importing: 'Importing', done: 'Done' }
const ENCODINGS: ImportEncoding[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']

/**
 * Clients → Import clients… (admins): choose a file, match its columns, answer the dates' question
 * when the file is ambiguous, preview, then import all or nothing with progress and Cancel. Main
 * reads and checks the file; this dialog only shows what main found.
 */
export function ImportClientsDialog({ open, onClose, onShowImported }: { open: boolean; onClose: () => void; onShowImported: (importedAt: string, count: number) => void }) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const [step, setStep] = useState<Step>('file')
  const [file, setFile] = useState<{ fileName: string; data: string } | null>(null)
  const [check, setCheck] = useState<ImportCheck | null>(null)
  const [byField, setByField] = useState<Partial<Record<ImportTarget, string>>>({})
  const [encoding, setEncoding] = useState<ImportEncoding | undefined>()
  const [dateFormat, setDateFormat] = useState<ImportDateFormat | null>(null)
  const [skipDuplicates, setSkip] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [progress, setProgress] = useState({ done: 0, total: 0 })
  const [done, setDone] = useState<{ imported: number; importedAt: string } | null>(null)

  useEffect(() => {
    const dialog = ref.current
    if (open && dialog && !dialog.open) {
      setStep('file'); setFile(null); setCheck(null); setByField({}); setEncoding(undefined); setDateFormat(null); setSkip(true); setError(null); setDone(null)
      dialog.showModal()
    }
    if (!open && dialog?.open) dialog.close()
  }, [open])

  const recheck = async (input: { file?: { fileName: string; data: string }; columns?: boolean; enc?: ImportEncoding; format?: ImportDateFormat | null }): Promise<ImportCheck | null> => {
    const f = input.file ?? file
    if (!f) return null
    setBusy(true); setError(null)
    try {
      const enc = input.enc ?? encoding
      const format = input.format === undefined ? dateFormat : input.format
      const result = await call('checkClientImport', { ...f, ...(enc ? { encoding: enc } : {}), ...(format ? { dateFormat: format } : {}), ...(input.columns && check ? { columns: columnsFor(check, byField) } : {}) })
      setCheck(result)
      return result
    } catch (e) {
      setError(errorMessage(e))
      return null
    } finally {
      setBusy(false)
    }
  }

  const choose = async (chosen: File | undefined) => {
    if (!chosen) return
    const read = await readChosenFile(chosen)
    if ('error' in read) return setError(read.error)
    setFile(read); setDateFormat(null); setEncoding(undefined)
    const result = await recheck({ file: read, format: null })
    if (result) { setByField(matchedFields(result)); setStep('columns') }
  }

  const afterColumns = async () => {
    const result = await recheck({ columns: true })
    if (result) setStep(result.dateAmbiguity && !dateFormat ? 'dates' : 'preview')
  }

  const runImport = async () => {
    if (!check?.token) return
    const token = check.token
    setStep('importing'); setError(null); setProgress({ done: 0, total: check.ready })
    const timer = setInterval(() => {
      void call('getClientImportProgress', { token }).then((p) => setProgress(p), () => undefined)
    }, 250)
    try {
      const result = await call('runClientImport', { token, skipDuplicates })
      setDone(result); setStep('done')
    } catch (e) {
      setError(errorMessage(e)); setStep('preview')
    } finally {
      clearInterval(timer)
    }
  }

  const titleId = `${id}-title`
  return (
    <dialog ref={ref} className="confirm-dialog import-dialog" aria-labelledby={titleId} onClose={onClose} onCancel={(e) => step === 'importing' && e.preventDefault()}>
      {open && (
        <div className="confirm-body">
          <h2 id={titleId}>Import clients: {TITLES[step]}</h2>
          {error && <div className="message message-error" role="alert">{error}</div>}
          {step === 'file' && (
            <>
              <p>Choose the client list your old system exported: CSV or TSV text (.csv, .tsv, .txt) or an Excel workbook (.xlsx, first sheet), up to 20 MB. It needs first and last names (or a full name) and a date of birth.</p>
              <label className="form-field">
                File to import
                <input type="file" accept=".csv,.tsv,.txt,.xlsx,text/csv,text/tab-separated-values" disabled={busy} onChange={(e) => void choose(e.target.files?.[0])} />
              </label>
              {busy && <p role="status">Reading the file…</p>}
            </>
          )}
          {step === 'columns' && check && (
            <>
              {check.kind === 'csv' && (
                <label className="form-field">
                  Text encoding (detected: {check.encoding})
                  <select value={encoding ?? check.encoding ?? 'utf-8'} onChange={(e) => { const enc = e.target.value as ImportEncoding; setEncoding(enc); void recheck({ enc }) }}>
                    {ENCODINGS.map((enc) => <option key={enc} value={enc}>{enc}</option>)}
                  </select>
                </label>
              )}
              <MatchColumns check={check} byField={byField} onChange={setByField} />
            </>
          )}
          {step === 'dates' && check && <ChooseDateFormat check={check} value={dateFormat} onChange={setDateFormat} />}
          {step === 'preview' && check && <Preview check={check} skipDuplicates={skipDuplicates} onSkip={setSkip} onDownload={() => saveFileFromBrowser(`import-problems-${check.fileName.replace(/\.[^.]+$/, '')}.csv`, problemsCsv(check), 'text/csv;charset=utf-8')} />}
          {step === 'importing' && (
            <>
              <label className="form-field">
                Importing {check?.fileName}
                <progress max={Math.max(progress.total, 1)} value={progress.done} />
              </label>
              <p role="status">{progress.done.toLocaleString()} of {progress.total.toLocaleString()} clients written. Nothing is kept until all are in.</p>
            </>
          )}
          {step === 'done' && done && (
            <p role="status">Imported {done.imported.toLocaleString()} {done.imported === 1 ? 'client' : 'clients'}.</p>
          )}
          <div className="toolbar dialog-actions">
            {step === 'columns' && <button type="button" className="button button-primary" disabled={busy} onClick={() => void afterColumns()}>Next</button>}
            {step === 'dates' && <button type="button" className="button button-primary" disabled={busy || !dateFormat} onClick={() => void recheck({ columns: true }).then((r) => r && setStep('preview'))}>Next</button>}
            {step === 'preview' && check && (
              <button type="button" className="button button-primary" disabled={!check.token} onClick={() => void runImport()}>
                {((n) => `Import ${n.toLocaleString()} ${n === 1 ? 'client' : 'clients'}`)(skipDuplicates ? check.ready - check.duplicates.count : check.ready)}
              </button>
            )}
            {step === 'importing' && check?.token && <button type="button" className="button" onClick={() => void call('cancelClientImport', { token: check.token! })}>Cancel import</button>}
            {step === 'done' && done && (
              <button type="button" className="button button-primary" onClick={() => { onShowImported(done.importedAt, done.imported); onClose() }}>Show the imported clients</button>
            )}
            {step !== 'importing' && <button type="button" className="button" onClick={onClose}>{step === 'done' ? 'Close' : 'Cancel'}</button>}
          </div>
        </div>
      )}
    </dialog>
  )
}
