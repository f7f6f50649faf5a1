import { type FormEvent, useState } from 'react'
import { ActivateBody } from '../../../../shared/portal-api'
import { passwordLengthProblem } from '../../../../shared/password-rules'
import { usernameProblem } from '../../../../shared/username'
import { AuthLayout } from '../components/AuthLayout'
import { FormAlert } from '../components/Notices'
import { FormField } from '../components/FormField'
import { PASSWORD_HINT, UsernameHint } from '../components/hints'
import { portal } from '../lib/endpoints'
import { Link, useRouter } from '../lib/router'
import { useSession } from '../lib/session'
import { useCodeFromAddress } from '../lib/use-code-from-address'
import { useForm } from '../lib/use-form'
import { usePageHeading } from '../lib/use-page-heading'
import { schemaProblems, someProblems } from '../lib/validate'

const FIELDS = ['code', 'dateOfBirth', 'username', 'password'] as const
const RESEND = 'Ask the front desk to resend your invite.'

/** Activate an invite: prove who you are (code + date of birth), then choose a username and password. */
export function ActivatePage() {
  const headingRef = usePageHeading('Activate your account')
  const { navigate } = useRouter()
  const { signedOutByServer } = useSession()
  const codeFromAddress = useCodeFromAddress()
  const [values, setValues] = useState({ code: codeFromAddress, dateOfBirth: '', username: '', password: '' })
  const { formRef, busy, fields, formError, showProblems, submit, clearField } = useForm(FIELDS)

  const change = (name: keyof typeof values) => (event: { target: { value: string } }) => {
    setValues((current) => ({ ...current, [name]: event.target.value }))
    clearField(name)
  }

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const problems =
      schemaProblems(ActivateBody, values) ??
      someProblems({ username: usernameProblem(values.username), password: passwordLengthProblem(values.password) })
    if (problems) return showProblems(problems)
    await submit(async () => {
      const { signedOut } = await portal.activate(values)
      // The server has ended any session this browser held; forget it here too, quietly.
      if (signedOut) signedOutByServer()
      navigate('/sign-in?done=activated')
    })
  }

  // An expired, used or replaced invite cannot be fixed on this page: say so plainly, with the way forward.
  const notUsable = formError?.code === 'CODE_NOT_USABLE'
  const notUsableText = notUsable && !formError.message.includes('resend') ? `${formError.message} ${RESEND}` : formError?.message

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        Activate your account
      </h1>
      <p className="lead">Use the invite code the practice gave you, then choose the username and password you’ll sign in with.</p>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert title={notUsable ? 'This invite can’t be used' : undefined}>{notUsableText}</FormAlert>
        <FormField
          name="code"
          label="Invite code"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          autoCorrect="off"
          spellCheck={false}
          value={values.code}
          onChange={change('code')}
          hint="Three groups of four letters and digits, from your invite."
          error={fields.code}
        />
        <FormField
          name="dateOfBirth"
          label="Date of birth"
          type="date"
          autoComplete="bday"
          value={values.dateOfBirth}
          onChange={change('dateOfBirth')}
          error={fields.dateOfBirth}
        />
        <FormField
          name="username"
          label="Username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={values.username}
          onChange={change('username')}
          hint={<UsernameHint />}
          error={fields.username}
        />
        <FormField
          name="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={change('password')}
          hint={PASSWORD_HINT}
          error={fields.password}
        />
        <button type="submit" className="button button-primary button-block" aria-busy={busy || undefined}>
          Activate
        </button>
      </form>
      <p className="auth-links">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </AuthLayout>
  )
}
