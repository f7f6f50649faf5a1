import type { SyntheticEvent } from 'react'
import { useDesk } from '../../store'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'

/** Settings → Audit key: the practice's key, saved as a file to keep away from this computer. */
export function AuditKeySettings() {
  const exporting = useDesk((s) => s.auditKeyExporting)
  const notice = useDesk((s) => s.auditKeyNotice)
  const exportAuditKey = useDesk((s) => s.exportAuditKey)
  const { formRef, message, take } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    void exportAuditKey().then(take)
  }

  return (
    <section className="settings-section" aria-labelledby="audit-key-heading">
      <h2 id="audit-key-heading" className="panel-title">
        Audit key
      </h2>
      <p className="small muted">
        Every audit event is sealed with this practice’s key, kept encrypted on this computer and never in the database, so
        nobody without it can rewrite the trail unnoticed. Save it and keep the file somewhere safe, away from this computer
        (with your off-site backups): a database restored on another computer asks for it.
      </p>
      <form ref={formRef} className="settings-form" aria-labelledby="audit-key-heading" noValidate onSubmit={onSubmit}>
        <FormAlert message={message} />
        <div className="toolbar">
          <button type="submit" className="button" aria-busy={exporting || undefined}>
            Save audit key…
          </button>
        </div>
        <p className="settings-status" role="status">
          {exporting ? 'Saving…' : (notice ?? '')}
        </p>
      </form>
    </section>
  )
}
