import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CHANNELS, ipcChannelName } from '../../shared/channels'
import type { HandlerContext } from './context'
import { type HandlerMap, dispatch } from './dispatcher'

/**
 * Only the app's own window, top frame, showing the app's own page, may call main.
 * `getAppWindow` returns null until the window exists.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, appWindow: WebContents | null, appUrlPrefix: string): boolean {
  if (!appWindow || event.sender !== appWindow) return false
  const frame = event.senderFrame
  if (!frame || frame !== event.sender.mainFrame) return false
  return frame.url.startsWith(appUrlPrefix)
}

/** Registers every channel through the one dispatcher. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  handlers: HandlerMap,
  ctx: HandlerContext,
  trust: (event: IpcMainInvokeEvent) => boolean,
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, input: unknown) =>
      dispatch(handlers, ctx, channel, input, { trusted: trust(event) }),
    )
  }
}
