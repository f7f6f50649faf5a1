/** The engines Portico keeps a practice in, as the tests name them. */
export type TestDialect = 'sqlite' | 'postgres'

const ALL: readonly TestDialect[] = ['sqlite', 'postgres']

/**
 * The engines every data-touching test runs on, as Kysely's own suite does: both, unless
 * PORTICO_TEST_DIALECTS narrows the list while you work (`PORTICO_TEST_DIALECTS=sqlite`).
 */
export function wantedDialects(): TestDialect[] {
  const asked = process.env['PORTICO_TEST_DIALECTS']
  if (!asked) return [...ALL]
  const names = asked.split(',').map((s) => s.trim())
  const unknown = names.filter((n) => !ALL.includes(n as TestDialect))
  if (unknown.length > 0) throw new Error(`PORTICO_TEST_DIALECTS names an unknown engine: ${unknown.join(', ')} (known: ${ALL.join(', ')}).`)
  return names as TestDialect[]
}

export const DIALECTS: readonly TestDialect[] = wantedDialects()
