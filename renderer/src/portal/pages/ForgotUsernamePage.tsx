import { AuthLayout } from '../components/AuthLayout'
import { Link } from '../lib/router'
import { usePageHeading } from '../lib/use-page-heading'

/** Staff can read a client's username (never change it), so the way forward is to ask them. */
export function ForgotUsernamePage() {
  const headingRef = usePageHeading('Forgot your username?')
  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        Forgot your username?
      </h1>
      <div className="prose">
        <p>The practice can look up your username for you. Contact the front desk: they can see it and tell you.</p>
        <p>Once you’ve signed in, you can change your username yourself under My profile.</p>
      </div>
      <p className="auth-links">
        <Link href="/sign-in">Back to sign in</Link>
      </p>
    </AuthLayout>
  )
}
