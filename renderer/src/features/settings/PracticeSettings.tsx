import { type SyntheticEvent, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { StoredPracticeDetails } from '../../../../shared/practice-details'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { CountryField } from './CountryField'

/** Settings → Practice (admins): what clients see on their handouts, shared by every desk. */
export function PracticeSettings() {
  const { details, loading, loadError } = useDesk(
    useShallow((s) => ({ details: s.practiceDetails, loading: s.practiceDetailsLoading, loadError: s.practiceDetailsLoadError })),
  )
  const loadPracticeDetails = useDesk((s) => s.loadPracticeDetails)
  useEffect(() => {
    void loadPracticeDetails()
  }, [loadPracticeDetails])

  return (
    <section className="settings-section" aria-labelledby="practice-heading" aria-busy={loading || undefined}>
      <h2 id="practice-heading" className="panel-title">
        Practice
      </h2>
      <p>Printed invites and password resets show these to the client. Every desk of the practice shares them.</p>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={() => void loadPracticeDetails()}>
            Try again
          </button>
        </div>
      )}
      {details ? <PracticeForm details={details} /> : !loadError && <p className="muted">Loading…</p>}
    </section>
  )
}

function PracticeForm({ details }: { details: StoredPracticeDetails }) {
  const [values, setValues] = useState(details)
  // When main's details change (saved, or a backup restored), the form shows them.
  const [shown, setShown] = useState(details)
  if (shown !== details) {
    setShown(details)
    setValues(details)
  }
  const notice = useDesk((s) => s.practiceDetailsNotice)
  const savePracticeDetails = useDesk((s) => s.savePracticeDetails)
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()

  const set = (name: keyof StoredPracticeDetails) => (value: string) => {
    setValues((v) => ({ ...v, [name]: value }))
    clearField(name)
  }
  const field = (name: 'name' | 'phone' | 'publicUrl') => ({ id: `practice-${name}`, name, value: values[name], error: fieldErrors[name], onValueChange: set(name) })

  return (
    <form ref={formRef} className="settings-form" aria-labelledby="practice-heading" noValidate onSubmit={(e: SyntheticEvent<HTMLFormElement>) => submit(e, () => savePracticeDetails(values))}>
      <FormAlert message={message} />
      <FormField {...field('name')} label="Practice name" autoComplete="organization" hint="As clients know it, e.g. Harbour Physio." />
      <FormField {...field('phone')} label="Phone" type="tel" autoComplete="tel" hint="The number clients call with questions about the portal." />
      <CountryField id="practice-country" value={values.country} error={fieldErrors['country']} onChange={set('country')} />
      <FormField
        {...field('publicUrl')}
        label="Portal’s public address"
        type="url"
        spellCheck={false}
        autoComplete="off"
        hint="What clients type or scan to reach the client portal, e.g. https://portal.example.org. Leave it empty until clients can reach the portal: handouts then ask them to get the link from the practice."
      />
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save practice details
        </button>
      </div>
      <p className="settings-status" role="status">
        {saving ? 'Saving…' : (notice ?? '')}
      </p>
    </form>
  )
}
