import { type SyntheticEvent, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { DeskSettings } from '../../../../shared/dto'
import { type DeskSettingsValues, useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'

/** Settings → Security: when an unattended desk locks itself. (The backup folder is under Backups.) */
export function SecuritySettings() {
  const { settings, loading, loadError } = useDesk(
    useShallow((s) => ({
      settings: s.deskSettings,
      loading: s.deskSettingsLoading,
      loadError: s.deskSettingsLoadError,
    })),
  )
  const loadDeskSettings = useDesk((s) => s.loadDeskSettings)
  useEffect(() => {
    void loadDeskSettings()
  }, [loadDeskSettings])

  return (
    <section className="settings-section" aria-labelledby="security-heading" aria-busy={loading || undefined}>
      <h2 id="security-heading" className="panel-title">
        Security
      </h2>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={() => void loadDeskSettings()}>
            Try again
          </button>
        </div>
      )}
      {settings ? (
        <SecurityForm settings={settings} />
      ) : (
        !loadError && <p className="muted">Loading…</p>
      )}
    </section>
  )
}

const valuesOf = (settings: DeskSettings): DeskSettingsValues => ({
  idleLockMinutes: String(settings.idleLockMinutes),
  backupFolder: settings.backupFolder,
})

function SecurityForm({ settings }: { settings: DeskSettings }) {
  const [values, setValues] = useState(() => valuesOf(settings))
  // When main's settings change (saved, or a backup restored), the form shows them.
  const [shown, setShown] = useState(settings)
  if (shown !== settings) {
    setShown(settings)
    setValues(valuesOf(settings))
  }
  const notice = useDesk((s) => s.deskSettingsNotice)
  const saveDeskSettings = useDesk((s) => s.saveDeskSettings)
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()

  // The backup folder is saved as it is (it is chosen under Backups).
  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => submit(event, () => saveDeskSettings({ ...values, backupFolder: settings.backupFolder }))
  const field = (name: keyof DeskSettingsValues) => ({
    id: `desk-${name}`,
    name,
    value: values[name],
    error: fieldErrors[name],
    autoComplete: 'off',
    onValueChange: (value: string) => {
      setValues((v) => ({ ...v, [name]: value }))
      clearField(name)
    },
  })

  return (
    <form ref={formRef} className="settings-form" aria-labelledby="security-heading" noValidate onSubmit={onSubmit}>
      <FormAlert message={message} />
      <div className="minutes-field">
        <FormField
          {...field('idleLockMinutes')}
          label="Lock after (minutes)"
          type="number"
          inputMode="numeric"
          min={1}
          max={60}
          step={1}
          hint="Portico locks when nobody has used it for this long. It also locks when this computer's screen locks or it goes to sleep."
        />
      </div>
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save settings
        </button>
      </div>
      <p className="settings-status" role="status">
        {saving ? 'Saving…' : (notice ?? '')}
      </p>
    </form>
  )
}
