import { useEffect, useRef } from 'react'

interface ConfirmChangeDialogProps {
  /** What is asked; null closes the dialog. */
  ask: { title: string; text: string; confirm: string } | null
  onConfirm: () => void
  onCancel: () => void
}

/** Asks before the desk changes database. Cancel (or Escape) is the default. */
export function ConfirmChangeDialog({ ask, onConfirm, onCancel }: ConfirmChangeDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (ask && !dialog.open) {
      dialog.showModal()
      cancelRef.current?.focus()
    }
    if (!ask && dialog.open) dialog.close()
  }, [ask])

  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="practice-confirm-title" aria-describedby="practice-confirm-text" onClose={onCancel}>
      {ask && (
        <div className="confirm-body">
          <h2 id="practice-confirm-title">{ask.title}</h2>
          <p id="practice-confirm-text">{ask.text}</p>
          <div className="toolbar dialog-actions">
            <button type="button" className="button button-primary" onClick={onConfirm}>
              {ask.confirm}
            </button>
            <button ref={cancelRef} type="button" className="button" onClick={onCancel}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </dialog>
  )
}
