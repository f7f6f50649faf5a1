import { beforeEach, describe, expect, test, vi } from 'vitest'
import { CHANNELS } from '../../shared/channels'

// The Electron binary is the one thing mocked: the preload's own code runs for real.
const exposeInMainWorld = vi.fn()
const invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }))
vi.mock('electron', () => ({ contextBridge: { exposeInMainWorld }, ipcRenderer: { invoke, send: vi.fn(), on: vi.fn() } }))

describe('the preload', () => {
  beforeEach(() => {
    vi.resetModules()
    exposeInMainWorld.mockClear()
    invoke.mockClear()
  })

  test('exposes exactly one named method per channel as window.api, and nothing else', async () => {
    await import('../../electron/preload/index')
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1)
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, unknown>]
    expect(key).toBe('api')
    expect(Object.keys(api).sort()).toEqual([...CHANNELS].sort())
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
    expect(api).not.toHaveProperty('invoke')
    expect(api).not.toHaveProperty('ipcRenderer')
  })

  test('each method invokes only its own channel and passes the envelope through', async () => {
    await import('../../electron/preload/index')
    const api = exposeInMainWorld.mock.calls[0]?.[1] as Record<string, (input: unknown) => Promise<unknown>>
    const result = await api['setPortalAccess']?.({ clientId: 3, enabled: false })
    expect(invoke).toHaveBeenCalledWith('portico:setPortalAccess', { clientId: 3, enabled: false })
    expect(result).toEqual({ ok: true, value: { channel: 'portico:setPortalAccess', input: { clientId: 3, enabled: false } } })
  })
})
