import { type SyntheticEvent, useEffect, useRef, useState } from 'react'
import type { ClientFormValues } from '../../../../shared/client-input'
import type { ClientDetail } from '../../../../shared/dto'
import { fullName } from '../../lib/client-name'
import { type ClientField, useDesk } from '../../store'
import { FormField } from './FormField'

const EMPTY: ClientFormValues = { firstName: '', lastName: '', preferredName: '', dateOfBirth: '', email: '', phone: '' }

const valuesOf = (client: ClientDetail | null): ClientFormValues =>
  client
    ? {
        firstName: client.firstName,
        lastName: client.lastName,
        preferredName: client.preferredName ?? '',
        dateOfBirth: client.dateOfBirth,
        email: client.email ?? '',
        phone: client.phone ?? '',
      }
    : EMPTY

/** New client (client is null) or Edit details. What was typed stays put when saving fails. */
export function ClientForm({ client }: { client: ClientDetail | null }) {
  const [values, setValues] = useState(() => valuesOf(client))
  const [failedSubmits, setFailedSubmits] = useState(0)
  const formRef = useRef<HTMLFormElement>(null)
  const fieldErrors = useDesk((s) => s.fieldErrors)
  const formError = useDesk((s) => s.formError)
  const saving = useDesk((s) => s.saving)
  const saveClient = useDesk((s) => s.saveClient)
  const cancelEdit = useDesk((s) => s.cancelEdit)
  const clearFieldError = useDesk((s) => s.clearFieldError)
  const editedElsewhere = useDesk((s) => s.mode === 'edit' && s.editedElsewhere)
  const title = client ? `Edit details for ${fullName(client)}` : 'New client'

  // After a failed save, take the keyboard to the first field that needs attention.
  useEffect(() => {
    if (failedSubmits === 0) return
    formRef.current?.querySelector<HTMLInputElement>('[aria-invalid="true"]')?.focus()
  }, [failedSubmits])

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    void saveClient(values).then((saved) => {
      if (!saved) setFailedSubmits((n) => n + 1)
      else focusAfterForm()
    })
  }
  const onCancel = () => {
    cancelEdit()
    focusAfterForm()
  }
  const field = (name: ClientField) => ({
    id: `client-${name}`,
    name,
    value: values[name],
    error: fieldErrors[name],
    onValueChange: (value: string) => {
      setValues((v) => ({ ...v, [name]: value }))
      clearFieldError(name)
    },
  })

  return (
    <form
      ref={formRef}
      className="client-form"
      aria-labelledby="client-form-title"
      noValidate
      onSubmit={onSubmit}
      // Escape closes the form without saving, as Cancel does.
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !saving) {
          event.preventDefault()
          onCancel()
        }
      }}
    >
      <h2 id="client-form-title">{title}</h2>
      <p className="form-note">First name, last name and date of birth are required.</p>
      {editedElsewhere && (
        <p className="message message-note" role="status">
          Someone at another desk changed these details while this form was open. Save keeps what is in this form;
          Cancel shows their version.
        </p>
      )}
      {formError && (
        <p className="message message-error" role="alert">
          {formError}
        </p>
      )}
      <div className="form-grid">
        <FormField {...field('firstName')} label="First name" autoComplete="off" autoFocus />
        <FormField {...field('lastName')} label="Last name" autoComplete="off" />
        <FormField {...field('preferredName')} label="Preferred name" autoComplete="off" />
        <FormField {...field('dateOfBirth')} label="Date of birth" type="date" min="1900-01-01" />
        <FormField {...field('email')} label="Email" type="email" autoComplete="off" />
        <FormField {...field('phone')} label="Phone" type="tel" autoComplete="off" />
      </div>
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        {saving && (
          <span className="muted" role="status">
            Saving…
          </span>
        )}
      </div>
    </form>
  )
}

/**
 * Once the form has closed, the keyboard goes to the client's name at the top of the profile, or
 * (no client open) back to the search box, never to the page itself.
 */
function focusAfterForm(): void {
  requestAnimationFrame(() => {
    const target = document.querySelector<HTMLElement>('.profile-name') ?? document.querySelector<HTMLElement>('input[type="search"]')
    target?.focus()
  })
}
