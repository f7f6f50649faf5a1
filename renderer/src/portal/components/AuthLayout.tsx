import type { ReactNode } from 'react'
import { portalName, practice } from '../lib/practice'
import { Link } from '../lib/router'

/** The signed-out pages: the portal name on top and one narrow card, centred. */
export function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <header className="topbar">
        <Link href="/" className="brand">
          {portalName}
          {practice.name && <span className="brand-sub">Client portal</span>}
        </Link>
      </header>
      <main className="auth-main">
        <div className="auth-card">{children}</div>
      </main>
    </div>
  )
}
