import { ApiCallError, type Caller } from '../lib/api'

export interface ReachabilityWatch {
  call: Caller
  /** Told whenever main answers that the practice's database can't be reached. */
  onUnreachable: (listener: () => void) => void
}

/**
 * Wraps the caller so that any call main answers with STORAGE_UNREACHABLE tells the desk, which
 * then shows the full-window message and waits for the server. The call still fails as before,
 * so the action that made it keeps what was typed and says nothing was saved.
 */
export function createReachabilityWatch(raw: Caller): ReachabilityWatch {
  let listener: () => void = () => undefined
  const call: Caller = async (channel, input) => {
    try {
      return await raw(channel, input)
    } catch (error) {
      if (error instanceof ApiCallError && error.code === 'STORAGE_UNREACHABLE') listener()
      throw error
    }
  }
  return {
    call,
    onUnreachable: (next) => {
      listener = next
    },
  }
}
