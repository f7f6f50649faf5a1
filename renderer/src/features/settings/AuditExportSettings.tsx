import { type SyntheticEvent, useState } from 'react'
import { localIsoDate } from '../../lib/format'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'

/** Settings → Activity log: who did what and when, as a CSV file for a date range (the last 30 days to start). */
export function AuditExportSettings() {
  const exporting = useDesk((s) => s.auditExporting)
  const notice = useDesk((s) => s.auditNotice)
  const exportAudit = useDesk((s) => s.exportAudit)
  const [range, setRange] = useState(() => ({ from: localIsoDate(30), to: localIsoDate(0) }))
  const { formRef, fieldErrors, message, take, clearField } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    void exportAudit(range.from, range.to).then(take)
  }
  const field = (name: 'from' | 'to') => ({
    id: `audit-${name}`,
    name,
    type: 'date',
    value: range[name],
    error: fieldErrors[name],
    onValueChange: (value: string) => {
      setRange((r) => ({ ...r, [name]: value }))
      clearField(name)
    },
  })

  return (
    <section className="settings-section" aria-labelledby="audit-heading">
      <h2 id="audit-heading" className="panel-title">
        Activity log
      </h2>
      <p className="small muted">
        Sign-ins, changes and portal events are all recorded. The export lists each one with the staff member and the
        computer, for the days chosen.
      </p>
      <form ref={formRef} className="settings-form" aria-labelledby="audit-heading" noValidate onSubmit={onSubmit}>
        <FormAlert message={message} />
        <div className="date-range">
          <FormField {...field('from')} label="From" />
          <FormField {...field('to')} label="To" />
        </div>
        <div className="toolbar">
          <button type="submit" className="button button-primary" aria-busy={exporting || undefined}>
            Export CSV
          </button>
        </div>
        <p className="settings-status" role="status">
          {exporting ? 'Exporting…' : (notice ?? '')}
        </p>
      </form>
    </section>
  )
}
