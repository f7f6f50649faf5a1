import { type ReactNode, useState } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { fullName, initials } from '../lib/names'
import { portalName, practice } from '../lib/practice'
import { Link } from '../lib/router'
import { useSession } from '../lib/session'
import { AccountMenu } from './AccountMenu'
import { FormAlert } from './Notices'

/**
 * Top bar with the portal name and, top right, the client's name opening the account menu. On a
 * phone the CSS moves that menu to a bar fixed at the bottom of the screen.
 */
export function SignedInLayout({ me, children }: { me: PortalMe; children: ReactNode }) {
  const { signOut } = useSession()
  const [problem, setProblem] = useState<string | null>(null)

  const handleSignOut = async () => {
    setProblem(null)
    try {
      await signOut()
    } catch (error) {
      setProblem(`You are still signed in. ${error instanceof Error ? error.message : ''}`.trim())
    }
  }

  return (
    <div className="app-page">
      <header className="topbar">
        <Link href="/" className="brand">
          {portalName}
          {practice.name && <span className="brand-sub">Client portal</span>}
        </Link>
        <div className="account-bar">
          <AccountMenu name={fullName(me)} initials={initials(me)} onSignOut={handleSignOut} />
        </div>
      </header>
      <main className="app-main">
        <FormAlert>{problem}</FormAlert>
        {children}
      </main>
    </div>
  )
}
