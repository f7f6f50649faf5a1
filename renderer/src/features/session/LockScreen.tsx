import { type SyntheticEvent, useState } from 'react'
import type { StaffIdentity } from '../../../../shared/dto'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { AuthScreen } from './AuthScreen'

/**
 * The desk is locked: only the person who was signed in can unlock it, with their password. The
 * store holds no client data while this shows (it was cleared when the desk locked).
 */
export function LockScreen({ staff }: { staff: StaffIdentity | null }) {
  const busy = useDesk((s) => s.authBusy)
  const unlockDesk = useDesk((s) => s.unlockDesk)
  const signOut = useDesk((s) => s.signOut)
  const [password, setPassword] = useState('')
  const { formRef, fieldErrors, message, take, clearField } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    void unlockDesk(password).then((outcome) => {
      take(outcome)
      if (outcome.ok || !outcome.message) return
      // Wrong password: typed again from scratch, never left in the field.
      setPassword('')
      document.getElementById('unlock-password')?.focus()
    })
  }

  return (
    <AuthScreen>
      <h1 className="auth-title">Portico is locked</h1>
      {staff && <p>{`Signed in as ${staff.displayName}`}</p>}
      <form ref={formRef} className="auth-form" aria-label="Unlock Portico" noValidate onSubmit={onSubmit}>
        <FormAlert message={message} />
        <FormField
          id="unlock-password"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          error={fieldErrors.password}
          onValueChange={(value) => {
            setPassword(value)
            clearField('password')
          }}
        />
        <button type="submit" className="button button-primary auth-submit" aria-busy={busy || undefined}>
          Unlock
        </button>
      </form>
      <div className="auth-alt">
        <p className="small muted">Someone else at the desk? Sign out, then sign in with your own account.</p>
        <button type="button" className="button" onClick={() => void signOut().then(take)}>
          Sign out
        </button>
      </div>
    </AuthScreen>
  )
}
