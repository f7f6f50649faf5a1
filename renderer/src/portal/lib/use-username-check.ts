import { useEffect, useState } from 'react'
import { canonicalUsername, usernameProblem } from '../../../../shared/username'
import { portal } from './endpoints'
import { isSessionEnd } from './portal-client'

/** What the live check says about the name being typed; `text` is empty while it is still deciding. */
export interface UsernameCheckState {
  kind: 'idle' | 'pending' | 'available' | 'problem'
  text: string
}

const DEBOUNCE_MS = 300

/** Said both live and on Save, so the two never disagree. */
export const SAME_USERNAME = 'That is already your username.'

/**
 * The live check beside "New username": waits for a pause in typing, then asks the server. A
 * result is only shown while it is for what is in the box now, so a slow answer for an older
 * spelling never overwrites a newer one (and older requests are aborted anyway).
 */
export function useUsernameCheck(value: string, currentUsername: string): UsernameCheckState {
  const name = canonicalUsername(value)
  const [result, setResult] = useState<{ name: string; state: UsernameCheckState } | null>(null)

  useEffect(() => {
    if (!name || name === currentUsername) return
    const controller = new AbortController()
    const timer = window.setTimeout(() => {
      // The rules are known here; only "is it taken?" needs the server.
      const problem = usernameProblem(name)
      if (problem) {
        setResult({ name, state: { kind: 'problem', text: problem } })
        return
      }
      portal.checkUsername(name, controller.signal).then(
        (check) => {
          if (controller.signal.aborted) return
          const state: UsernameCheckState = check.available
            ? { kind: 'available', text: 'Available' }
            : { kind: 'problem', text: check.problem ?? 'That username can’t be used.' }
          setResult({ name, state })
        },
        (error: unknown) => {
          if (controller.signal.aborted || isSessionEnd(error)) return
          setResult({ name, state: { kind: 'problem', text: 'We couldn’t check that username just now. You can still try to save it.' } })
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      window.clearTimeout(timer)
      controller.abort()
    }
  }, [name, currentUsername])

  if (!name) return { kind: 'idle', text: '' }
  if (name === currentUsername) return { kind: 'problem', text: SAME_USERNAME }
  if (result?.name === name) return result.state
  return { kind: 'pending', text: '' }
}
