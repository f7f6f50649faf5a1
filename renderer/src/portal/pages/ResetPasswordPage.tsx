import { type FormEvent, useState } from 'react'
import { ResetPasswordBody } from '../../../../shared/portal-api'
import { passwordLengthProblem } from '../../../../shared/password-rules'
import { AuthLayout } from '../components/AuthLayout'
import { FormAlert } from '../components/Notices'
import { FormField } from '../components/FormField'
import { PASSWORD_HINT } from '../components/hints'
import { portal } from '../lib/endpoints'
import { Link, useRouter } from '../lib/router'
import { useSession } from '../lib/session'
import { useCodeFromAddress } from '../lib/use-code-from-address'
import { useForm } from '../lib/use-form'
import { usePageHeading } from '../lib/use-page-heading'
import { allProblems, schemaProblems, someProblems } from '../lib/validate'

const FIELDS = ['username', 'code', 'newPassword'] as const

/**
 * Set a new password with a reset code from the practice. It does not sign the client in, and the
 * server ends any session this browser held, so it always ends on the sign-in page's confirmation.
 */
export function ResetPasswordPage() {
  const headingRef = usePageHeading('Reset your password')
  const { navigate } = useRouter()
  const { signedOutByServer } = useSession()
  const codeFromAddress = useCodeFromAddress()
  const [values, setValues] = useState({ username: '', code: codeFromAddress, newPassword: '' })
  const { formRef, busy, fields, formError, showProblems, submit, clearField } = useForm(FIELDS)

  const change = (name: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }))
    clearField(name)
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const problems = allProblems(schemaProblems(ResetPasswordBody, values), someProblems({ newPassword: passwordLengthProblem(values.newPassword) }))
    if (problems) return showProblems(problems)
    await submit(async () => {
      const { signedOut } = await portal.resetPassword(values)
      // The server has ended any session this browser held; forget it here too, quietly.
      if (signedOut) signedOutByServer()
      navigate('/sign-in?done=reset')
    })
  }

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        Reset your password
      </h1>
      <p className="lead">Ask the practice for a reset code. It lasts 1 hour and works once.</p>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert>{formError?.message}</FormAlert>
        <FormField
          name="username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={values.username}
          onChange={change('username')}
          error={fields.username}
        />
        <FormField
          name="code"
          label="Reset code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          value={values.code}
          onChange={change('code')}
          error={fields.code}
        />
        <FormField
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          value={values.newPassword}
          onChange={change('newPassword')}
          hint={PASSWORD_HINT}
          error={fields.newPassword}
        />
        <button type="submit" className="button button-primary button-block" aria-busy={busy || undefined}>
          Reset password
        </button>
      </form>
      <p className="auth-links">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </AuthLayout>
  )
}
