import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { testContext } from './temp-db'

type TestDb = Parameters<typeof testContext>[0]

/**
 * Calls to the real dispatcher and handlers as the test context's signed-in admin, on the
 * database `db()` gives at the time of the call (a test's `beforeEach` opens a new one each time):
 * `call` answers the Result as the renderer gets it, `ok` its value, throwing with the error's code
 * and message when the call was refused.
 */
export function channelCalls(db: () => TestDb) {
  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) =>
    dispatch(handlers, testContext(db()), channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
  async function ok<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
  return { call, ok }
}
