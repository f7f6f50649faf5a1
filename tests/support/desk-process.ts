/**
 * One desk in a process of its own, for the concurrency tests on SQLite: it reads one JSON command
 * a line on stdin ({ id, name, args }, a scenario from desk-scenarios.ts) and answers each on
 * stdout ({ id, value } or { id, error }), running commands as they come, side by side.
 *
 *   node --import tsx tests/support/desk-process.ts <database>
 */
import { writeSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { type DeskState, type ScenarioName, scenarios } from './desk-scenarios'

const desk: DeskState = { target: process.argv[2]!, db: null }
const answer = (line: object) => writeSync(1, `${JSON.stringify(line)}\n`)

createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, name, args } = JSON.parse(line) as { id: number; name: ScenarioName; args: never }
  scenarios[name](desk, args).then(
    (value: unknown) => answer({ id, value }),
    (error: unknown) => answer({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  )
}).on('close', () => {
  void scenarios.close(desk).finally(() => process.exit(0))
})
answer({ ready: true })
