import type { ChannelName } from './channels'
import type { ChannelInput, ChannelOutput } from './contract'
import type { Result } from './errors'

/** `window.api`: one named method per channel, each returning the result envelope. */
export type PorticoApi = {
  [K in ChannelName]: (input: ChannelInput<K>) => Promise<Result<ChannelOutput<K>>>
}
