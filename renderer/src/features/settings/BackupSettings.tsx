import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { BackupInfo } from '../../../../shared/dto'
import { formatBytes, formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'
import { BackupFolderForm } from './BackupFolderForm'
import { RestoreDialog } from './RestoreDialog'

/**
 * Settings → Backups: back up now, and restore an earlier backup (after asking). On a practice
 * server the desk has no file to copy: it says what to do instead (the server's pg_dump).
 */
export function BackupSettings() {
  const database = useDesk((s) => s.practiceDatabase)
  const databaseUnknown = useDesk((s) => s.practiceDatabase === null && s.practiceDatabaseLoadError === null)
  if (database && !database.fileBackups) {
    return (
      <section className="settings-section" aria-labelledby="backups-heading">
        <h2 id="backups-heading" className="panel-title">
          Backups
        </h2>
        <p className="message message-note" role="note" aria-label="Backups on the server">
          This practice’s data is on the server {database.location}. Back it up on the server with pg_dump — see the README, ‘Several desks’.
        </p>
      </section>
    )
  }
  return <FileBackups loadingDatabase={databaseUnknown} />
}

function FileBackups({ loadingDatabase }: { loadingDatabase: boolean }) {
  const { backups, loading, loadError, backingUp, restoring, notice, error } = useDesk(
    useShallow((s) => ({
      backups: s.backups,
      loading: s.backupsLoading,
      loadError: s.backupsLoadError,
      backingUp: s.backingUp,
      restoring: s.restoring,
      notice: s.backupNotice,
      error: s.backupError,
    })),
  )
  const loadBackups = useDesk((s) => s.loadBackups)
  const loadDeskSettings = useDesk((s) => s.loadDeskSettings)
  useEffect(() => {
    void loadDeskSettings()
  }, [loadDeskSettings])
  const backupNow = useDesk((s) => s.backupNow)
  const restoreBackup = useDesk((s) => s.restoreBackup)
  const [asking, setAsking] = useState<BackupInfo | null>(null)
  // Only once it is known that this desk's database is a file (a server has no backup files here).
  useEffect(() => {
    if (!loadingDatabase) void loadBackups()
  }, [loadBackups, loadingDatabase])

  let status = notice ?? ''
  if (backingUp) status = 'Backing up…'
  if (restoring) status = 'Restoring…'

  return (
    <section className="settings-section" aria-labelledby="backups-heading" aria-busy={loading || undefined}>
      <h2 id="backups-heading" className="panel-title">
        Backups
      </h2>
      <BackupFolderForm />
      <div className="toolbar">
        <button type="button" className="button button-primary" aria-busy={backingUp || undefined} onClick={() => void backupNow()}>
          Back up now
        </button>
      </div>
      <p className="settings-status" role="status">
        {status}
      </p>
      {(error ?? loadError) && (
        <p className="message message-error" role="alert">
          {error ?? loadError}
        </p>
      )}
      {backups.length > 0 ? (
        <div className="table-scroll">
          <table className="data-table" aria-labelledby="backups-heading">
            <thead>
              <tr>
                <th scope="col">Taken</th>
                <th scope="col">Size</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {backups.map((backup) => (
                <tr key={backup.name}>
                  <th scope="row">
                    <time dateTime={backup.takenAt}>{formatDateTime(backup.takenAt)}</time>
                    <span className="small muted mono backup-name">{backup.name}</span>
                  </th>
                  <td>{formatBytes(backup.sizeBytes)}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="button button-small"
                        aria-busy={restoring === backup.name || undefined}
                        onClick={() => {
                          setAsking(backup)
                        }}
                      >
                        Restore…
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">{loading ? 'Loading…' : 'No backups in the backup folder yet.'}</p>
      )}
      <RestoreDialog
        backup={asking}
        onCancel={() => {
          setAsking(null)
        }}
        onRestore={(backup) => {
          setAsking(null)
          void restoreBackup(backup.name)
        }}
      />
    </section>
  )
}
