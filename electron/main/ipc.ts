import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CHANNELS, ipcChannelName } from '../../shared/channels'
import type { CallAnswerer } from './dispatcher'

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
 * Registers every channel with `answer`: the dispatcher over the desk's context (see `answerWith`),
 * or a desk still waiting for its database (see `startDesk`).
 */
export function registerIpc(ipcMain: Pick<IpcMain, 'handle'>, answer: CallAnswerer, trust: (event: IpcMainInvokeEvent) => boolean): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, input: unknown) => answer(channel, input, { trusted: trust(event) }))
  }
}
