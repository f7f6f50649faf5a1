import { type SyntheticEvent, useState } from 'react'
import type { StaffMember } from '../../../../shared/dto'
import { PASSWORD_MIN } from '../../../../shared/password-rules'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'

interface StaffPasswordFormProps {
  member: StaffMember
  onDone: () => void
}

/** A new password for a colleague who forgot theirs; setting it also lifts a sign-in lock. */
export function StaffPasswordForm({ member, onDone }: StaffPasswordFormProps) {
  const setStaffPassword = useDesk((s) => s.setStaffPassword)
  // Setting your own: there is nobody to tell.
  const yours = useDesk((s) => s.session?.staff?.id === member.id)
  const [password, setPassword] = useState('')
  const { formRef, fieldErrors, message, clearField, saving, submit } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => submit(event, () => setStaffPassword(member.id, password), onDone)

  return (
    <form
      ref={formRef}
      className="staff-form staff-row-form"
      aria-label={`Set password for ${member.displayName}`}
      noValidate
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onDone()
      }}
    >
      <FormAlert message={message} />
      <FormField
        id={`staff-${String(member.id)}-new-password`}
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        autoFocus
        hint={yours ? `At least ${String(PASSWORD_MIN)} characters.` : `At least ${String(PASSWORD_MIN)} characters. Tell ${member.displayName} in person, not by email.`}
        value={password}
        error={fieldErrors.password}
        onValueChange={(value) => {
          setPassword(value)
          clearField('password')
        }}
      />
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save password
        </button>
        <button type="button" className="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  )
}
