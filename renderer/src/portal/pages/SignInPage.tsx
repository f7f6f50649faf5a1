import { type FormEvent, useState } from 'react'
import { SignInBody } from '../../../../shared/portal-api'
import { AuthLayout } from '../components/AuthLayout'
import { FormAlert, StatusNote } from '../components/Notices'
import { FormField } from '../components/FormField'
import { portal } from '../lib/endpoints'
import { Link, useRouter } from '../lib/router'
import { useSession } from '../lib/session'
import { useForm } from '../lib/use-form'
import { usePageHeading } from '../lib/use-page-heading'
import { schemaProblems } from '../lib/validate'

const FIELDS = ['username', 'password'] as const

/** What the page says after the activate and reset pages send the client here (?done=...). */
const DONE_MESSAGES: Partial<Record<string, string>> = {
  activated: 'Your account is ready. Sign in with your new username and password.',
  reset: 'Your password has been reset. Sign in with your new password.',
}

/** Sign in. Also shown at / and /profile when nobody is signed in. */
export function SignInPage() {
  const headingRef = usePageHeading('Sign in')
  const { search } = useRouter()
  const { notice, signedIn, clearNotice } = useSession()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const { formRef, busy, fields, formError, showProblems, submit, clearField } = useForm(FIELDS)

  const done = DONE_MESSAGES[new URLSearchParams(search).get('done') ?? '']
  const alertText = formError?.message ?? (notice?.kind === 'alert' ? notice.text : null)
  const statusText = formError ? null : (done ?? (notice?.kind === 'status' ? notice.text : null))

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    clearNotice()
    const body = { username, password }
    const problems = schemaProblems(SignInBody, body)
    if (problems) return showProblems(problems)
    await submit(async () => signedIn(await portal.signIn(body)))
  }

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        Sign in to your client portal
      </h1>
      <StatusNote>{statusText}</StatusNote>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert>{alertText}</FormAlert>
        <FormField
          name="username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={username}
          onChange={(event) => {
            setUsername(event.target.value)
            clearField('username')
          }}
          error={fields.username}
        />
        <FormField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => {
            setPassword(event.target.value)
            clearField('password')
          }}
          error={fields.password}
        />
        <button type="submit" className="button button-primary button-block" aria-busy={busy || undefined}>
          Sign in
        </button>
      </form>
      <nav className="auth-links" aria-label="Other ways in">
        <Link href="/reset-password">Reset password</Link>
        <Link href="/activate">Activate your account</Link>
        <Link href="/forgot-username">Forgot your username?</Link>
      </nav>
    </AuthLayout>
  )
}
