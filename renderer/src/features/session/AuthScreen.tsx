import type { ReactNode } from 'react'

/** The frame of the screens before the desk (setup, sign-in, lock): one centred card, no data. */
export function AuthScreen({ children, wide = false }: { children: ReactNode; wide?: boolean }) {
  return (
    <main className="auth-screen">
      <div className={wide ? 'auth-card auth-card-wide' : 'auth-card'}>
        <p className="auth-brand" aria-hidden="true">
          Portico
        </p>
        {children}
      </div>
    </main>
  )
}
