import { describe, expect, test } from 'vitest'
import { type QuittingApp, closeOnQuit } from '../../electron/main/shutdown'

/** Electron's `app`, faked at its seam: the will-quit listener, and what exit was called with. */
function fakeApp(steps: string[]) {
  let listener: ((event: { preventDefault: () => void }) => void) | undefined
  let prevented = 0
  const app: QuittingApp = {
    on: (_event, l) => (listener = l),
    exit: (code) => void steps.push(`exit ${code ?? 0}`),
  }
  return {
    app,
    quit: () => listener!({ preventDefault: () => (prevented += 1) }),
    prevented: () => prevented,
  }
}

/** A step that records when it starts and ends, and ends only when told. */
function step(name: string, steps: string[]) {
  let finish!: () => void
  const run = () => {
    steps.push(`${name} started`)
    return new Promise<void>((resolve) => (finish = resolve)).then(() => void steps.push(`${name} done`))
  }
  return { run, finish: () => finish() }
}

describe('quitting Portico', () => {
  test('the portal stops, then the database closes, then the app exits', async () => {
    const steps: string[] = []
    const desk = fakeApp(steps)
    const portal = step('portal stop', steps)
    const database = step('database close', steps)
    const shutdown = closeOnQuit(desk.app, { stopPortal: portal.run, closeDatabase: database.run, log: (line) => steps.push(line) })

    desk.quit()
    expect(desk.prevented()).toBe(1)
    expect(steps).toEqual(['portal stop started'])
    portal.finish()
    await new Promise((resolve) => setImmediate(resolve))
    expect(steps).toEqual(['portal stop started', 'portal stop done', 'database close started'])
    database.finish()
    await shutdown.closing()
    expect(steps).toEqual(['portal stop started', 'portal stop done', 'database close started', 'database close done', 'exit 0'])
  })

  test('a second quit while closing is held too, and closes nothing twice', async () => {
    const steps: string[] = []
    const desk = fakeApp(steps)
    let disposals = 0
    const shutdown = closeOnQuit(desk.app, { stopPortal: async () => undefined, closeDatabase: async () => void (disposals += 1) })
    desk.quit()
    desk.quit()
    await shutdown.closing()
    expect(desk.prevented()).toBe(2)
    expect(disposals).toBe(1)
    expect(steps).toEqual(['exit 0'])
  })

  test('a database that never closes still lets the app exit after the limit, saying so', async () => {
    const steps: string[] = []
    const desk = fakeApp(steps)
    const started = Date.now()
    const shutdown = closeOnQuit(desk.app, {
      stopPortal: async () => undefined,
      closeDatabase: () => new Promise<void>(() => undefined),
      limitMs: 200,
      log: (line) => steps.push(line),
    })
    desk.quit()
    await shutdown.closing()
    expect(Date.now() - started).toBeGreaterThanOrEqual(190)
    expect(steps).toEqual(['[quit] closing took longer than 0.2 s; Portico quits anyway and checks the database at the next start', 'exit 0'])
  })

  test('a portal that fails to stop does not keep the database open', async () => {
    const steps: string[] = []
    const desk = fakeApp(steps)
    const shutdown = closeOnQuit(desk.app, {
      stopPortal: async () => Promise.reject(new Error('socket trouble')),
      closeDatabase: async () => void steps.push('database closed'),
      log: (line) => steps.push(line),
    })
    desk.quit()
    await shutdown.closing()
    expect(steps).toEqual(['[quit] the client portal did not stop cleanly', 'database closed', 'exit 0'])
  })
})
