import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { describe, expect, test, vi } from 'vitest'
import { isTrustedSender, registerIpc } from '../../electron/main/ipc'
import { WriteGate } from '../../electron/main/write-gate'
import { answerWith } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { CHANNELS } from '../../shared/channels'
import { testContext } from '../support/temp-db'

const APP_URL = 'app://portico/index.html'
const APP_ORIGIN = 'app://portico'

function fakeEvent(sender: object, url: string, subframe = false): IpcMainInvokeEvent {
  const mainFrame = { url }
  const senderFrame = subframe ? { url } : mainFrame
  Object.assign(sender, { mainFrame })
  return { sender, senderFrame } as unknown as IpcMainInvokeEvent
}

describe('IPC sender checks', () => {
  const appWindow = {} as WebContents

  test("the app's own window showing the app's page is trusted", () => {
    expect(isTrustedSender(fakeEvent(appWindow, APP_URL), appWindow, APP_ORIGIN)).toBe(true)
  })

  test('another window, a subframe, or a page navigated elsewhere is not', () => {
    expect(isTrustedSender(fakeEvent({}, APP_URL), appWindow, APP_ORIGIN)).toBe(false)
    expect(isTrustedSender(fakeEvent(appWindow, APP_URL, true), appWindow, APP_ORIGIN)).toBe(false)
    expect(isTrustedSender(fakeEvent(appWindow, 'https://example.com/'), appWindow, APP_ORIGIN)).toBe(false)
    expect(isTrustedSender(fakeEvent(appWindow, APP_URL), null, APP_ORIGIN)).toBe(false)
  })

  test('every channel is registered through the dispatcher, and an untrusted call is refused', async () => {
    const handle = vi.fn()
    registerIpc({ handle }, answerWith(handlers, testContext({} as never)), () => false)
    expect(handle.mock.calls.map((c) => c[0]).sort()).toEqual(CHANNELS.map((c) => `portico:${c}`).sort())
    const listener = handle.mock.calls[0]?.[1] as (event: unknown, input: unknown) => Promise<unknown>
    await expect(listener({}, { query: '' })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('while Portico restarts to install an update, every call is answered with STORAGE_BUSY and never reaches a handler', async () => {
    const handle = vi.fn()
    const gate = new WriteGate()
    const spy = vi.fn(handlers.listClients)
    registerIpc({ handle }, answerWith({ ...handlers, listClients: spy }, testContext({} as never), gate), () => true)
    const listener = handle.mock.calls.find((c) => c[0] === 'portico:listClients')?.[1] as (event: unknown, input: unknown) => Promise<unknown>
    gate.closeForRestart()
    await expect(listener({}, { query: '' })).resolves.toMatchObject({ ok: false, error: { code: 'STORAGE_BUSY', message: expect.stringMatching(/restarting to install an update/) } })
    expect(spy).not.toHaveBeenCalled()
  })
})
