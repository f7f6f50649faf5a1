import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CHANNELS, ipcChannelName } from '../../shared/channels'
import type { HandlerContext } from './context'
import { type HandlerMap, dispatch } from './dispatcher'
import { RestartingError, type WriteGate } from './write-gate'

/**
 * The origin of a page URL as scheme://host[:port], or null when it has none we could trust
 * (file:, data:, about:, or credentials in the URL). Node's URL gives custom schemes no origin,
 * so it is put together here.
 */
export function pageOrigin(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (!parsed.host || parsed.username || parsed.password) return null
  return `${parsed.protocol}//${parsed.host}`
}

/**
 * Only the app's own window, top frame, showing a page of the app's own origin (app://portico, or
 * the dev server's origin in development), may call main.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, appWindow: WebContents | null, appOrigin: string): boolean {
  if (!appWindow || event.sender !== appWindow) return false
  const frame = event.senderFrame
  if (!frame || frame !== event.sender.mainFrame) return false
  const origin = pageOrigin(frame.url)
  return origin !== null && origin === appOrigin
}

/**
 * Registers every channel through the one dispatcher. With a `gate`, each call counts as a
 * possible write, so an update never installs in the middle of one.
 */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: HandlerMap,
  ctx: HandlerContext,
  trust: (event: IpcMainInvokeEvent) => boolean,
  gate?: WriteGate,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, input: unknown) => {
      const call = () => dispatch(handlers, ctx, channel, input, { trusted: trust(event) })
      if (!gate) return call()
      return gate.run(call).catch((error: unknown) => {
        if (error instanceof RestartingError) return { ok: false, error: { code: 'STORAGE_BUSY', message: error.message } }
        throw error
      })
    })
  }
}
