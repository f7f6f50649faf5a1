import { type SyntheticEvent, useState } from 'react'
import { PASSWORD_MIN } from '../../../../shared/password-rules'
import { type NewStaffValues, useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { RoleField } from './RoleField'

const EMPTY: NewStaffValues = { displayName: '', username: '', role: 'front_desk', password: '' }

/** A new colleague's account. The admin tells them the password; they cannot change their own yet. */
export function AddStaffForm() {
  const createStaff = useDesk((s) => s.createStaff)
  const [values, setValues] = useState(EMPTY)
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => submit(event, () => createStaff(values), () => setValues(EMPTY))
  const text = (name: 'displayName' | 'username' | 'password') => ({
    id: `new-staff-${name}`,
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
    <form ref={formRef} className="staff-form" aria-labelledby="add-staff-heading" noValidate onSubmit={onSubmit}>
      <h3 id="add-staff-heading">Add staff member</h3>
      <FormAlert message={message} />
      <div className="form-grid">
        <FormField {...text('displayName')} label="Name" />
        <FormField {...text('username')} label="Username" autoCapitalize="none" spellCheck={false} />
        <RoleField
          id="new-staff-role"
          value={values.role}
          error={fieldErrors.role}
          onChange={(role) => {
            setValues((v) => ({ ...v, role }))
          }}
        />
        <FormField
          {...text('password')}
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${String(PASSWORD_MIN)} characters; not built from their name, username or the practice’s name.`}
        />
      </div>
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Add staff member
        </button>
      </div>
    </form>
  )
}
