import { useState } from 'react'
import { call, errorMessage } from '../../lib/api'
import { saveFileFromBrowser } from '../../lib/save-file'

/** Clients → Export clients… (admins): every client as a CSV Excel opens right (UTF-8 with BOM). */
export function ExportClientsButton() {
  const [said, setSaid] = useState<{ text: string; error: boolean } | null>(null)
  const exportAll = async () => {
    setSaid(null)
    try {
      const { filename, csv, rows } = await call('exportClients', {})
      saveFileFromBrowser(filename, csv, 'text/csv;charset=utf-8')
      setSaid({ text: `Exported ${rows.toLocaleString()} ${rows === 1 ? 'client' : 'clients'} to ${filename}.`, error: false })
    } catch (e) {
      setSaid({ text: errorMessage(e), error: true })
    }
  }
  return (
    <>
      <button type="button" className="button button-small" onClick={() => void exportAll()}>
        Export clients…
      </button>
      {said && <span role={said.error ? 'alert' : 'status'} className={said.error ? 'field-error' : 'field-hint'}>{said.text}</span>}
    </>
  )
}
