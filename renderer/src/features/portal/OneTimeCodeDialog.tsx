import { useEffect, useId, useRef } from 'react'
import { CodeHandout, type HandoutContent } from './CodeHandout'

export { withWrapPoints } from './wrap-points'

/** Shown to staff (not printed) when the portal did not answer at the link's address. */
export const PORTAL_NOT_ANSWERING =
  'The client portal is not answering at this address right now, so the link will not open yet. The code still works until it expires: an admin can turn the portal on under Settings → Client portal.'

/**
 * Shown to staff (not printed) when no public address is set: the handout then asks the client to
 * get the link from the practice.
 */
export const NO_PUBLIC_ADDRESS =
  'No public address is set for the client portal, so this handout asks the client to get the link from the practice. An admin can set the address clients use under Settings → Practice.'

/** What a one-time code dialog shows: the staff's title and notes, and the handout that prints. */
export interface CodeSheet {
  title: string
  handout: HandoutContent
  /** For staff only: shown on screen, never printed. */
  staffNote?: string
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
          <h2 id={titleId} className="screen-only">
            {sheet.title}
          </h2>
          <p className="screen-only">
            Read this code to the client, or print this handout for them. It is shown only this once: Portico does
            not keep it.
          </p>
          <CodeHandout content={sheet.handout} />
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
