import { describe, expect, test } from 'vitest'
import { WriteGate } from '../../electron/main/write-gate'

const poll = { everyMs: 1, sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) }

describe('the write gate', () => {
  test('is busy exactly while a call runs', async () => {
    const gate = new WriteGate()
    expect(gate.busy).toBe(false)
    let release!: () => void
    const call = gate.run(() => new Promise<void>((resolve) => (release = resolve)))
    expect(gate.busy).toBe(true)
    release()
    await call
    expect(gate.busy).toBe(false)
  })

  test('a failing call still leaves the gate', async () => {
    const gate = new WriteGate()
    await expect(gate.run(async () => Promise.reject(new Error('SQLITE_BUSY')))).rejects.toThrow('SQLITE_BUSY')
    expect(gate.busy).toBe(false)
  })

  test('the exclusive step waits for every call in flight, and holds new ones until it ends', async () => {
    const gate = new WriteGate()
    const order: string[] = []
    const releases: (() => void)[] = []
    const slow = (name: string) =>
      gate.run(
        () =>
          new Promise<void>((resolve) =>
            releases.push(() => {
              order.push(name)
              resolve()
            }),
          ),
      )
    const a = slow('a')
    const b = slow('b')
    const step = gate.exclusive(async () => {
      order.push('exclusive')
      await new Promise((resolve) => setTimeout(resolve, 5))
      order.push('exclusive done')
    }, poll)
    const c = gate.run(async () => {
      order.push('c')
    })
    releases[1]!()
    await new Promise((resolve) => setTimeout(resolve, 5))
    expect(order).toEqual(['b'])
    releases[0]!()
    await Promise.all([a, b, step, c])
    expect(order).toEqual(['b', 'a', 'exclusive', 'exclusive done', 'c'])
  })

  test('extra evidence of a write (an open transaction) is polled until it clears', async () => {
    let open = true
    const gate = new WriteGate(() => open)
    let ran = false
    const step = gate.exclusive(async () => {
      ran = true
    }, poll)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(ran).toBe(false)
    open = false
    await step
    expect(ran).toBe(true)
  })

  test('after a failed exclusive step, calls go through again', async () => {
    const gate = new WriteGate()
    await expect(gate.exclusive(async () => Promise.reject(new Error('no backup')), poll)).rejects.toThrow('no backup')
    await expect(gate.run(async () => 42)).resolves.toBe(42)
  })
})
