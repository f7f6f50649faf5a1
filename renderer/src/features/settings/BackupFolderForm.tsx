import { type SyntheticEvent, useState } from 'react'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'

/**
 * Settings → Backups → where this computer's backup files go (a setting of this desk, not of the
 * practice). Saved with the desk's other settings, whose lock minutes stay as they are.
 */
export function BackupFolderForm() {
  const settings = useDesk((s) => s.deskSettings)
  const saveDeskSettings = useDesk((s) => s.saveDeskSettings)
  const [folder, setFolder] = useState<string | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()
  if (!settings) return null
  const value = folder ?? settings.backupFolder

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) =>
    submit(
      event,
      () => saveDeskSettings({ idleLockMinutes: String(settings.idleLockMinutes), backupFolder: value }),
      () => {
        setFolder(null)
        setSaved(`Backups now go to ${value.trim()}.`)
      },
    )

  return (
    <form ref={formRef} className="settings-form backup-folder-form" aria-label="Backup folder" noValidate onSubmit={onSubmit}>
      <FormAlert message={message} />
      <FormField
        id="desk-backupFolder"
        name="backupFolder"
        label="Backup folder"
        spellCheck={false}
        autoComplete="off"
        hint="The full path of a folder on this computer or a network drive. A backup is made every day and before each update."
        value={value}
        error={fieldErrors['backupFolder']}
        onValueChange={(next) => {
          setFolder(next)
          setSaved(null)
          clearField('backupFolder')
        }}
      />
      <div className="toolbar">
        <button type="submit" className="button" aria-busy={saving || undefined}>
          Save folder
        </button>
      </div>
      <p className="settings-status" role="status">
        {saving ? 'Saving…' : (saved ?? '')}
      </p>
    </form>
  )
}
