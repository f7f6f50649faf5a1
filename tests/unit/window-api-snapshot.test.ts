import { describe, expect, test } from 'vitest'
import { buildApi } from '../../electron/preload/build-api'
import windowApiKeys from '../e2e/electron/window-api-keys.json'

// The Electron smoke test compares the real window's `window.api` with this snapshot; here the
// snapshot is held to the preload's own builder, so it is checked even where Electron can't run.
describe('the window.api snapshot (tests/e2e/electron/window-api-keys.json)', () => {
  test('lists exactly the methods the preload exposes, sorted', () => {
    const api = buildApi(async () => undefined)
    expect(Object.keys(api).sort()).toEqual(windowApiKeys)
    expect([...windowApiKeys].sort()).toEqual(windowApiKeys)
  })

  test('each listed method invokes only its own namespaced channel', async () => {
    const calls: string[] = []
    const api = buildApi(async (channel) => void calls.push(channel)) as unknown as Record<string, (input: unknown) => Promise<unknown>>
    for (const key of windowApiKeys) await api[key]!({})
    expect(calls).toEqual(windowApiKeys.map((key) => `portico:${key}`))
  })
})
