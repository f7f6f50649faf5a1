import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useDesk } from '../store'
import { DatabaseUnreachable } from './connection/DatabaseUnreachable'
import { useDatabaseWatch } from './connection/use-database-watch'
import { LockScreen } from './session/LockScreen'
import { SetupScreen } from './session/SetupScreen'
import { SignInScreen } from './session/SignInScreen'
import { useSessionWatch } from './session/use-session-watch'
import { Desk } from './shell/Desk'

/**
 * The session gate: main decides whether this desk needs setting up, signing in or unlocking, and
 * only a signed-in session gets the desk. Nothing of the desk stays mounted behind the other screens.
 * Whatever screen shows, the message about an unreachable database goes above it without replacing it.
 */
export function App() {
  useDatabaseWatch()
  return (
    <>
      <SessionGate />
      <DatabaseUnreachable />
    </>
  )
}

function SessionGate() {
  const { state, practiceName, staff, hasDemoAdmin, sessionError } = useDesk(
    useShallow((s) => ({
      state: s.session?.state,
      practiceName: s.session?.practiceName ?? null,
      staff: s.session?.staff ?? null,
      hasDemoAdmin: s.demoAdmin !== null,
      sessionError: s.sessionError,
    })),
  )
  const loadSession = useDesk((s) => s.loadSession)
  useEffect(() => {
    void loadSession()
  }, [loadSession])
  useSessionWatch()

  // The demo password stays on screen until "Continue to sign in", though main already says signed-out.
  if (state === 'setup' || hasDemoAdmin) return <SetupScreen />
  if (state === 'signed-out') return <SignInScreen practiceName={practiceName} />
  if (state === 'locked') return <LockScreen staff={staff} />
  if (state === 'signed-in') return <Desk />
  return <StartingUp error={sessionError} onRetry={() => void loadSession()} />
}

/** Before main's first answer, or when it could not be had. */
function StartingUp({ error, onRetry }: { error: string | null; onRetry: () => void }) {
  return (
    <main className="auth-screen">
      <div className="auth-card">
        {error ? (
          <div className="message message-error" role="alert">
            <p>{error}</p>
            <button type="button" className="button button-small" onClick={onRetry}>
              Try again
            </button>
          </div>
        ) : (
          <p className="muted" role="status">
            Opening Portico…
          </p>
        )}
      </div>
    </main>
  )
}
