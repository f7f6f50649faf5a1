import { type SyntheticEvent, useEffect, useRef, useState } from 'react'
import { PASSWORD_MIN } from '../../../../shared/password-rules'
import { type DemoAdmin, useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { AuthScreen } from './AuthScreen'

type SetupField = 'practiceName' | 'displayName' | 'username' | 'password'
const EMPTY: Record<SetupField, string> = { practiceName: '', displayName: '', username: '', password: '' }

/**
 * First run: create the practice with its first admin (who is then signed in), or try the demo
 * practice, whose admin password is shown here once.
 */
export function SetupScreen() {
  const demoAdmin = useDesk((s) => s.demoAdmin)
  return (
    <AuthScreen wide>
      <h1 className="auth-title">Set up Portico</h1>
      {/* Always present, so the demo sign-in is announced when it appears. */}
      <div className="demo-admin" role="status">
        {demoAdmin && <DemoAdminText admin={demoAdmin} />}
      </div>
      {demoAdmin ? <ContinueToSignIn /> : <SetupChoices />}
    </AuthScreen>
  )
}

function DemoAdminText({ admin }: { admin: DemoAdmin }) {
  return (
    <p>
      Demo admin — username <code className="mono">{admin.username}</code>, password{' '}
      <code className="mono">{admin.password}</code>
    </p>
  )
}

function ContinueToSignIn() {
  const continueToSignIn = useDesk((s) => s.continueToSignIn)
  const ref = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [])
  return (
    <div className="auth-alt">
      <p className="small">
        Write the password down now: Portico shows it only this once. The demo practice has made-up clients only.
      </p>
      <button ref={ref} type="button" className="button button-primary" onClick={continueToSignIn}>
        Continue to sign in
      </button>
    </div>
  )
}

function SetupChoices() {
  const busy = useDesk((s) => s.authBusy)
  const setupPractice = useDesk((s) => s.setupPractice)
  const [values, setValues] = useState(EMPTY)
  const { formRef, fieldErrors, message, take, clearField } = useFormOutcome()
  const [demoMessage, setDemoMessage] = useState<string | null>(null)

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (busy) return
    setDemoMessage(null)
    void setupPractice({ mode: 'new', ...values }).then(take)
  }
  const field = (name: SetupField) => ({
    id: `setup-${name}`,
    name,
    value: values[name],
    error: fieldErrors[name],
    onValueChange: (value: string) => {
      setValues((v) => ({ ...v, [name]: value }))
      clearField(name)
    },
  })

  return (
    <div className="setup-choices">
      <form ref={formRef} className="auth-form" aria-labelledby="setup-new-heading" noValidate onSubmit={onSubmit}>
        <h2 id="setup-new-heading">Create your practice</h2>
        <p className="small muted">You become its first admin and can add your colleagues in Settings.</p>
        <FormAlert message={message} />
        <FormField {...field('practiceName')} label="Practice name" autoComplete="organization" autoFocus />
        <FormField {...field('displayName')} label="Your name" autoComplete="name" />
        <FormField {...field('username')} label="Username" autoComplete="username" autoCapitalize="none" spellCheck={false} />
        <FormField
          {...field('password')}
          label="Password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${String(PASSWORD_MIN)} characters. A few unrelated words make a good password.`}
        />
        <button type="submit" className="button button-primary auth-submit" aria-busy={busy || undefined}>
          Create practice
        </button>
      </form>
      <div className="setup-demo" role="group" aria-labelledby="setup-demo-heading">
        <h2 id="setup-demo-heading">Just looking?</h2>
        <p className="small muted">
          The demo practice comes with made-up clients and a demo admin account, to try Portico before using it for
          real.
        </p>
        <FormAlert message={demoMessage} />
        <button
          type="button"
          className="button"
          aria-busy={busy || undefined}
          onClick={() => {
            if (busy) return
            void setupPractice({ mode: 'demo' }).then((outcome) => {
              setDemoMessage(outcome.ok ? null : outcome.message)
            })
          }}
        >
          Use the demo practice
        </button>
      </div>
    </div>
  )
}
