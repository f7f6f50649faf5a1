import type { PorticoApi } from '../../shared/api'
import { CHANNELS, ipcChannelName } from '../../shared/channels'

/**
 * Builds `window.api`: one named method per channel in the contract, each invoking exactly that
 * channel. Neither ipcRenderer nor a generic invoke is exposed. Main validates every input.
 */
export function buildApi(invoke: (channel: string, input: unknown) => Promise<unknown>): PorticoApi {
  return Object.fromEntries(
    CHANNELS.map((channel) => [channel, (input: unknown) => invoke(ipcChannelName(channel), input)]),
  ) as PorticoApi
}
