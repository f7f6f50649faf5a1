import { useEffect, useRef, useState } from 'react'
import { canonicalUsername, usernameProblem } from '../../../../shared/username'
import type { UsernameCheck } from '../../../../shared/portal-api'
import { portal } from './endpoints'
import { PortalError, isSessionEnd } from './portal-client'

/**
 * What the live check says about the name being typed; `text` is empty while it is still deciding.
 * `unchecked`: the server won't say just now (its per-account limit); Save will check.
 */
export interface UsernameCheckState {
  kind: 'idle' | 'pending' | 'available' | 'problem' | 'unchecked'
  text: string
}

/** A pause in typing this long asks the server: it answers only a few times a minute per account. */
const DEBOUNCE_MS = 600
/** After the server says "enough for now", ask again only after its minute has passed. */
const LIMIT_PAUSE_MS = 60_000

/** Said both live and on Save, so the two never disagree. */
export const SAME_USERNAME = 'That is already your username.'
const UNCHECKED: UsernameCheckState = { kind: 'unchecked', text: 'We’ll check this username when you save.' }
const COULD_NOT_CHECK: UsernameCheckState = { kind: 'problem', text: 'We couldn’t check that username just now. You can still try to save it.' }

/** Never rejects: if starting fails, the check is refused and says Save will check; a session end goes to the session listener. */
function startChange(): Promise<void> {
  return portal.startUsernameChange().then(
    () => undefined,
    () => undefined,
  )
}

function stateOf(check: UsernameCheck): UsernameCheckState {
  return check.available ? { kind: 'available', text: 'Available' } : { kind: 'problem', text: check.problem ?? 'That username can’t be used.' }
}

/**
 * The live check beside "New username". Mounting it starts a username change on the server (the
 * check answers only during one, for 10 minutes; it is started again if it has run out). It waits
 * for a pause in typing, asks once per name, and when the server's per-account limit is reached
 * says Save will check instead. A result is only shown while it is for what is in the box now, so
 * a slow answer for an older spelling never overwrites a newer one (older requests are aborted).
 */
export function useUsernameCheck(value: string, currentUsername: string): UsernameCheckState {
  const name = canonicalUsername(value)
  const [result, setResult] = useState<{ name: string; state: UsernameCheckState } | null>(null)
  const started = useRef<Promise<void> | null>(null)
  const answers = useRef(new Map<string, UsernameCheckState>())
  const limitedUntil = useRef(0)

  useEffect(() => {
    started.current ??= startChange()
  }, [])

  useEffect(() => {
    if (!name || name === currentUsername) return
    const controller = new AbortController()
    const settle = (state: UsernameCheckState) => {
      if (!controller.signal.aborted) setResult({ name, state })
    }
    const ask = async (): Promise<UsernameCheckState> => {
      await started.current
      try {
        return stateOf(await portal.checkUsername(name, controller.signal))
      } catch (error) {
        if (!(error instanceof PortalError) || error.code !== 'CONFLICT') throw error
        // The change in progress ran out (10 minutes): start it again and ask once more.
        started.current = startChange()
        await started.current
        return stateOf(await portal.checkUsername(name, controller.signal))
      }
    }
    const timer = window.setTimeout(() => {
      // The rules are known here; only "is it taken?" needs the server.
      const problem = usernameProblem(name)
      if (problem) return settle({ kind: 'problem', text: problem })
      const known = answers.current.get(name)
      if (known) return settle(known)
      if (Date.now() < limitedUntil.current) return settle(UNCHECKED)
      ask().then(
        (state) => {
          answers.current.set(name, state)
          settle(state)
        },
        (error: unknown) => {
          if (controller.signal.aborted || isSessionEnd(error)) return
          if (error instanceof PortalError && error.code === 'RATE_LIMITED') {
            limitedUntil.current = Date.now() + LIMIT_PAUSE_MS
            return settle(UNCHECKED)
          }
          settle(error instanceof PortalError && error.code === 'CONFLICT' ? UNCHECKED : COULD_NOT_CHECK)
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
