import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { type WindowState, debounce, loadWindowState, placeWindow, saveWindowState } from '../../electron/main/window-state'
import { tempDir } from '../support/temp-db'

const laptop = { x: 0, y: 0, width: 1440, height: 875 }
const monitorRight = { x: 1440, y: -200, width: 2560, height: 1400 }
const saved = (s: Partial<WindowState>): WindowState => ({ x: 100, y: 80, width: 1280, height: 820, maximized: false, ...s })

describe('where the window opens', () => {
  test('saved bounds on a display that is still there are kept as they were', () => {
    expect(placeWindow(saved({ x: 1600, y: -100 }), [laptop, monitorRight])).toEqual(saved({ x: 1600, y: -100 }))
  })

  test('after the second monitor is unplugged, a window that was on it comes back onto the laptop', () => {
    expect(placeWindow(saved({ x: 2000, y: 0, width: 1800, height: 1100, maximized: true }), [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 875, maximized: true })
  })

  test('a window hanging off an edge is pulled fully into the work area of the display it overlaps most', () => {
    expect(placeWindow(saved({ x: 1000, y: 500 }), [laptop, monitorRight])).toEqual(saved({ x: 1440, y: 380 }))
    expect(placeWindow(saved({ x: -500, y: -300 }), [laptop])).toEqual(saved({ x: 0, y: 0 }))
  })

  test('a tiny saved size grows to the minimum, but never beyond a small screen', () => {
    expect(placeWindow(saved({ width: 300, height: 250 }), [laptop])).toMatchObject({ width: 960, height: 600 })
    expect(placeWindow(saved({ x: 0, y: 0 }), [{ x: 0, y: 0, width: 800, height: 560 }])).toMatchObject({ x: 0, y: 0, width: 800, height: 560 })
  })

  test('without a saved state, the default size centred on the primary display', () => {
    expect(placeWindow(null, [laptop, monitorRight])).toEqual({ x: 80, y: 28, width: 1280, height: 820, maximized: false })
  })
})

describe('the saved state file', () => {
  const folders: { cleanup: () => void }[] = []
  const file = () => {
    const folder = tempDir('portico-window-')
    folders.push(folder)
    return join(folder.dir, 'window-state.json')
  }
  afterEach(() => {
    for (const folder of folders.splice(0)) folder.cleanup()
  })

  test('round-trips, written atomically', () => {
    const path = file()
    saveWindowState(path, saved({ maximized: true }))
    expect(existsSync(`${path}.tmp`)).toBe(false)
    expect(loadWindowState(path)).toEqual(saved({ maximized: true }))
  })

  test.each([
    ['missing', null],
    ['not JSON', '{"x": 1, '],
    ['empty', ''],
    ['wrong types', JSON.stringify({ x: '1', y: 0, width: 1000, height: 700, maximized: false })],
    ['extra keys', JSON.stringify({ ...saved({}), evil: true })],
    ['absurd sizes', JSON.stringify(saved({ width: 1e9 }))],
    ['not whole pixels', JSON.stringify(saved({ x: 1.5 }))],
    ['an array', '[]'],
  ])('a %s file gives no state (so the default is used)', (_what, content) => {
    const path = file()
    if (content !== null) writeFileSync(path, content)
    expect(loadWindowState(path)).toBeNull()
    if (content !== null) expect(readFileSync(path, 'utf8')).toBe(content)
  })
})

describe('saving after resizes', () => {
  test('a burst of resizes saves once, after it settles; closing saves what is pending at once', () => {
    vi.useFakeTimers()
    try {
      const save = vi.fn()
      const later = debounce(save, 500)
      later()
      vi.advanceTimersByTime(300)
      later()
      vi.advanceTimersByTime(300)
      expect(save).not.toHaveBeenCalled()
      vi.advanceTimersByTime(200)
      expect(save).toHaveBeenCalledTimes(1)
      later()
      later.flush()
      expect(save).toHaveBeenCalledTimes(2)
      vi.advanceTimersByTime(1000)
      expect(save).toHaveBeenCalledTimes(2)
      later.flush()
      expect(save).toHaveBeenCalledTimes(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
