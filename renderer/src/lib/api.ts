import type { PorticoApi } from '../../../shared/api'
import type { ChannelName } from '../../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../../shared/contract'
import type { ErrorCode, FieldIssue, Result } from '../../../shared/errors'

/** Main's codes, plus one for when no answer came back at all (bridge missing or IPC down). */
export type CallErrorCode = ErrorCode | 'UNAVAILABLE'

const UNAVAILABLE_MESSAGE =
  'Portico could not reach its data service. Try again; if it keeps happening, restart Portico.'

/**
 * A failed call, thrown inside the renderer only. Across IPC errors stay values; turning them into
 * exceptions here lets store actions use plain try/catch.
 */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError'
  readonly code: CallErrorCode
  readonly fields: FieldIssue[]

  constructor(code: CallErrorCode, message: string, fields: FieldIssue[] = []) {
    super(message)
    this.code = code
    this.fields = fields
  }
}

const isEnvelope = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' && value !== null && 'ok' in value

/** Calls one channel and returns its value, or throws an {@link ApiCallError}. */
export type Caller = <K extends ChannelName>(channel: K, input: ChannelInput<K>) => Promise<ChannelOutput<K>>

/** Builds a {@link Caller} over any `PorticoApi` (the real bridge, or a fake in tests). */
export function createCaller(api: PorticoApi): Caller {
  return async (channel, input) => {
    // Typed as unknown until checked: a broken bridge could answer with anything.
    let result: unknown
    try {
      result = await api[channel](input)
    } catch {
      // The envelope never rejects, so a rejection means the bridge itself failed.
      throw new ApiCallError('UNAVAILABLE', UNAVAILABLE_MESSAGE)
    }
    if (!isEnvelope(result)) throw new ApiCallError('UNAVAILABLE', UNAVAILABLE_MESSAGE)
    // Main parsed the value with the contract's output schema before answering.
    if (result.ok) return result.value as ChannelOutput<typeof channel>
    throw new ApiCallError(result.error.code, result.error.message, result.error.fields ?? [])
  }
}

/** Calls a channel on the real `window.api`. */
export const call: Caller = (channel, input) => createCaller(window.api)(channel, input)

/** The message to show a desk user for anything an action caught. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiCallError) return error.message
  return 'Something went wrong. Try again; if it keeps happening, restart Portico.'
}
