import { type SyntheticEvent, useState } from 'react'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { AuthScreen } from './AuthScreen'

/** Nobody is signed in: the practice's name, then username and password. */
export function SignInScreen({ practiceName }: { practiceName: string | null }) {
  const suggested = useDesk((s) => s.suggestedUsername)
  const notice = useDesk((s) => s.signInNotice)
  const busy = useDesk((s) => s.authBusy)
  const signIn = useDesk((s) => s.signIn)
  const [username, setUsername] = useState(suggested ?? '')
  const [password, setPassword] = useState('')
  const { formRef, fieldErrors, message, take, clearField } = useFormOutcome()

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    void signIn(username, password).then((outcome) => {
      // A wrong password is typed again, never left in the field.
      take(outcome)
      if (outcome.ok || !outcome.message) return
      // Wrong password: typed again from scratch, never left in the field.
      setPassword('')
      document.getElementById('sign-in-password')?.focus()
    })
  }

  return (
    <AuthScreen>
      <h1 className="auth-title">{practiceName ?? 'Portico'}</h1>
      <p className="muted">Sign in to Portico with your staff account.</p>
      {notice && (
        <p className="message message-note" role="status">
          {notice}
        </p>
      )}
      <form ref={formRef} className="auth-form" aria-label="Sign in" noValidate onSubmit={onSubmit}>
        <FormAlert message={message} />
        <FormField
          id="sign-in-username"
          name="username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus={!suggested}
          value={username}
          error={fieldErrors.username}
          onValueChange={(value) => {
            setUsername(value)
            clearField('username')
          }}
        />
        <FormField
          id="sign-in-password"
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          autoFocus={Boolean(suggested)}
          value={password}
          error={fieldErrors.password}
          onValueChange={(value) => {
            setPassword(value)
            clearField('password')
          }}
        />
        <button type="submit" className="button button-primary auth-submit" aria-busy={busy || undefined}>
          Sign in
        </button>
      </form>
    </AuthScreen>
  )
}
