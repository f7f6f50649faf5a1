import { useState } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { AuthLayout } from '../components/AuthLayout'
import { FormAlert } from '../components/Notices'
import { shortName } from '../lib/names'
import { Link, useRouter } from '../lib/router'
import { useSession } from '../lib/session'
import { usePageHeading } from '../lib/use-page-heading'

/**
 * Shown at /reset-password and /activate while a client is signed in on this browser (a shared
 * waiting-room tablet): those forms are for someone else's account, so the page says whose
 * session this is, by first name and initial only, and offers Sign out. Once signed out, the form
 * itself shows.
 */
export function SignOutFirstPage({ me, title }: { me: PortalMe; title: string }) {
  const headingRef = usePageHeading(title)
  const { path } = useRouter()
  const { signOut } = useSession()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const name = shortName(me)

  const onSignOut = async () => {
    if (busy) return
    setBusy(true)
    setProblem(null)
    try {
      await signOut(path)
    } catch (error) {
      setProblem(`You are still signed in. ${error instanceof Error ? error.message : ''}`.trim())
      setBusy(false)
    }
  }

  return (
    <AuthLayout>
      <h1 ref={headingRef} tabIndex={-1}>
        {title}
      </h1>
      <FormAlert>{problem}</FormAlert>
      <p className="lead">
        You’re signed in as {name}
        {name.endsWith('.') ? ' ' : '. '}To reset a password or activate another account, sign out first.
      </p>
      <button type="button" className="button button-primary button-block" aria-busy={busy || undefined} onClick={onSignOut}>
        Sign out
      </button>
      <p className="auth-links">
        <Link href="/">Continue as {name}</Link>
      </p>
    </AuthLayout>
  )
}
