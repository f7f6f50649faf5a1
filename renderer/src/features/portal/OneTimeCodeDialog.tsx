import { Fragment, type ReactNode, useEffect, useId, useRef } from 'react'
import { formatDateTime, formatTimeUntil } from '../../lib/format'

/** One line of the sheet under the code, e.g. the link the client opens. */
/** Shown to staff (not printed) when the portal did not answer at the link's address. */
export const PORTAL_NOT_ANSWERING =
  'The client portal is not answering at this address right now, so the link will not open yet. The code still works until it expires: an admin can turn the portal on under Settings → Client portal.'

export interface CodeSheetRow {
  label: string
  value: string
  mono?: boolean
}

/** What a one-time code dialog shows: also what prints, for handing to the client. */
export interface CodeSheet {
  title: string
  code: string
  rows: CodeSheetRow[]
  expiresAt: string
  /** How the client uses the code; printed. */
  instructions: string
  /** For staff only: shown on screen, never printed. */
  staffNote?: string
}

/**
 * A link (or username) with its only wrap points between its parts: after a path's slash (never
 * inside "//") and before a query's "?" or "&". The browser breaks inside a part only if that part
 * alone is wider than the line, so "…/activate" never reads "…/activat" "e".
 */
export function withWrapPoints(text: string): ReactNode {
  const parts: string[] = []
  let part = ''
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!
    if ((c === '?' || c === '&') && part) [parts[parts.length], part] = [part, '']
    part += c
    if (c === '/' && text[i - 1] !== '/' && text[i + 1] !== '/' && i < text.length - 1) [parts[parts.length], part] = [part, '']
  }
  if (part) parts.push(part)
  return parts.map((p, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {p}
    </Fragment>
  ))
}

interface OneTimeCodeDialogProps {
  /** The sheet to show; null closes the dialog. */
  sheet: CodeSheet | null
  onDone: () => void
}

/**
 * Shows a just-issued one-time code, once. Closing it (Done, or Escape) calls `onDone`, which must
 * discard the code: main keeps only a hash, so there is no way to show it again.
 */
export function OneTimeCodeDialog({ sheet, onDone }: OneTimeCodeDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const doneRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (sheet && !dialog.open) {
      dialog.showModal()
      // Done, not Print: Enter or Space right after reading the code out closes it, never prints.
      doneRef.current?.focus()
    }
    if (!sheet && dialog.open) dialog.close()
  }, [sheet])

  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog ref={ref} className="code-dialog" aria-labelledby={titleId} onClose={onDone}>
      {sheet && (
        <div className="code-sheet">
          <h2 id={titleId}>{sheet.title}</h2>
          <p className="screen-only">
            Read this code to the client, or print it for them. It is shown only this once: Portico does not keep
            it.
          </p>
          <div className="one-time-code" role="group" aria-label="One-time code">
            {sheet.code}
          </div>
          <dl className="details">
            {sheet.rows.map((row) => (
              <div className="details-row" key={row.label}>
                <dt>{row.label}</dt>
                <dd className={row.mono ? 'mono sheet-link' : undefined}>{row.mono ? withWrapPoints(row.value) : row.value}</dd>
              </div>
            ))}
            <div className="details-row">
              <dt>Code expires</dt>
              <dd>{`${formatDateTime(sheet.expiresAt)} (${formatTimeUntil(sheet.expiresAt)})`}</dd>
            </div>
          </dl>
          <p className="small">{sheet.instructions}</p>
          {sheet.staffNote && <p className="message message-note screen-only">{sheet.staffNote}</p>}
          <div className="toolbar dialog-actions screen-only">
            <button
              type="button"
              className="button"
              onClick={() => {
                window.print()
              }}
            >
              Print
            </button>
            <button ref={doneRef} type="button" className="button button-primary" onClick={onDone}>
              Done
            </button>
          </div>
        </div>
      )}
    </dialog>
  )
}
