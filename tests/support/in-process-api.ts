import { buildApi } from '../../electron/preload/build-api'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import type { PorticoApi } from '../../shared/api'

/**
 * `window.api` as the preload builds it, wired straight to the real dispatcher and handlers:
 * what the renderer's store talks to, minus only the Electron process boundary.
 */
export function inProcessApi(ctx: HandlerContext): PorticoApi {
  return buildApi((channel, input) => dispatch(handlers, ctx, channel.replace(/^portico:/, ''), structuredClone(input), { trusted: true }, () => {}))
}
