import type { PortalMe } from '../../../shared/portal-api'
import { SignedInLayout } from './components/SignedInLayout'
import { Redirect, useRouter } from './lib/router'
import { useSession } from './lib/session'
import { ActivatePage } from './pages/ActivatePage'
import { ForgotUsernamePage } from './pages/ForgotUsernamePage'
import { HomePage } from './pages/HomePage'
import { ProfilePage } from './pages/ProfilePage'
import { ResetPasswordPage } from './pages/ResetPasswordPage'
import { SignInPage } from './pages/SignInPage'
import { SignOutFirstPage } from './pages/SignOutFirstPage'

/**
 * Picks the page for the path. The sign-in page stands in for any signed-in page while nobody is
 * signed in, so signing in at /profile lands on the profile. Activation and reset are for someone
 * signed out: while a client is signed in here, those pages ask them to sign out first.
 */
function pageFor(path: string, me: PortalMe | null) {
  if (path === '/activate') return me ? <SignOutFirstPage key={path} me={me} title="Activate your account" /> : <ActivatePage />
  if (path === '/reset-password') return me ? <SignOutFirstPage key={path} me={me} title="Reset your password" /> : <ResetPasswordPage />
  if (path === '/forgot-username') return <ForgotUsernamePage />
  if (!me) return <SignInPage />
  if (path === '/profile') {
    return (
      <SignedInLayout me={me}>
        <ProfilePage me={me} />
      </SignedInLayout>
    )
  }
  if (path !== '/') return <Redirect to="/" />
  return (
    <SignedInLayout me={me}>
      <HomePage me={me} />
    </SignedInLayout>
  )
}

/** The client portal: who is signed in decides what each path shows. */
export function PortalApp() {
  const { path } = useRouter()
  const { me } = useSession()
  if (me === undefined) {
    return (
      <p className="loading" aria-busy="true">
        Loading…
      </p>
    )
  }
  return pageFor(path, me)
}
