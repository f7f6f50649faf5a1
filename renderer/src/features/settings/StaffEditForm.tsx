import { type SyntheticEvent, useState } from 'react'
import type { StaffMember } from '../../../../shared/dto'
import { type StaffUpdateValues, useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { RoleField } from './RoleField'

interface StaffEditFormProps {
  member: StaffMember
  onDone: () => void
}

/** Name, role and Active for one staff member. The username never changes. */
export function StaffEditForm({ member, onDone }: StaffEditFormProps) {
  const updateStaff = useDesk((s) => s.updateStaff)
  const [values, setValues] = useState<StaffUpdateValues>({
    displayName: member.displayName,
    role: member.role,
    active: member.active,
  })
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()
  const id = (name: string) => `staff-${String(member.id)}-${name}`

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => submit(event, () => updateStaff(member.id, values), onDone)

  return (
    <form
      ref={formRef}
      className="staff-form staff-row-form"
      aria-label={`Edit ${member.displayName}`}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone()
      }}
    >
      <FormAlert message={message} />
      <div className="form-grid">
        <FormField
          id={id('name')}
          name="displayName"
          label="Name"
          autoComplete="off"
          autoFocus
          value={values.displayName}
          error={fieldErrors.displayName}
          onValueChange={(displayName) => {
            setValues((v) => ({ ...v, displayName }))
            clearField('displayName')
          }}
        />
        <RoleField
          id={id('role')}
          value={values.role}
          error={fieldErrors.role}
          onChange={(role) => {
            setValues((v) => ({ ...v, role }))
          }}
        />
        <div className="field checkbox-field">
          <input
            id={id('active')}
            type="checkbox"
            checked={values.active}
            onChange={(e) => {
              const active = e.target.checked
              setValues((v) => ({ ...v, active }))
            }}
          />
          <label htmlFor={id('active')}>Active</label>
        </div>
      </div>
      <p className="small muted">Inactive staff cannot sign in. Their name stays in the audit log.</p>
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save changes
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
