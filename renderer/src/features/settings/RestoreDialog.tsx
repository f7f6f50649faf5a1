import { useEffect, useRef } from 'react'
import type { BackupInfo } from '../../../../shared/dto'
import { formatDateTime } from '../../lib/format'

interface RestoreDialogProps {
  /** The backup to ask about; null closes the dialog. */
  backup: BackupInfo | null
  onRestore: (backup: BackupInfo) => void
  onCancel: () => void
}

/** Asks before restoring: the desk then works on the backup's data. Cancel (or Escape) is the default. */
export function RestoreDialog({ backup, onRestore, onCancel }: RestoreDialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const cancelRef = useRef<HTMLButtonElement>(null)

  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (backup && !dialog.open) {
      dialog.showModal()
      cancelRef.current?.focus()
    }
    if (!backup && dialog.open) dialog.close()
  }, [backup])

  return (
    // The native modal dialog traps focus, handles Escape and returns focus when it closes.
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby="restore-dialog-title"
      aria-describedby="restore-dialog-text"
      onClose={onCancel}
    >
      {backup && (
        <div className="confirm-body">
          <h2 id="restore-dialog-title">{`Restore the backup from ${formatDateTime(backup.takenAt)}?`}</h2>
          <p id="restore-dialog-text">
            The current database is kept aside, not deleted. Everything entered since this backup will not show in
            Portico after restoring.
          </p>
          <div className="toolbar dialog-actions">
            <button
              type="button"
              className="button button-danger"
              onClick={() => {
                onRestore(backup)
              }}
            >
              Restore
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
