import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SIZES, runBenchmark } from './run'

/**
 * `npm run bench [-- --sizes 10000,100000,1000000] [--runs N] [--json out.json] [--rebuild]`:
 * times search, profile, portal toggle and list paging through the real handlers on synthetic
 * practices cached under .cache/bench. Tables go to stdout, progress to stderr.
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: DEFAULT_SIZES.join(',') },
    runs: { type: 'string', default: '1' },
    json: { type: 'string' },
    rebuild: { type: 'boolean', default: false },
  },
})

const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
const runs = Number(values.runs)
if (sizes.some((n) => !Number.isInteger(n) || n < 200)) {
  console.error(`--sizes takes whole numbers of clients, at least 200 each, separated by commas (got "${values.sizes}").`)
  process.exit(2)
}
if (!Number.isFinite(runs) || runs <= 0) {
  console.error(`--runs takes a positive number that scales the samples, such as 0.1 or 3 (got "${values.runs}").`)
  process.exit(2)
}

runBenchmark({ sizes, runs, rebuild: values.rebuild, print: (text) => console.log(text), progress: (line) => console.error(line) })
  .then((result) => {
    if (values.json) {
      writeFileSync(resolve(values.json), `${JSON.stringify(result, null, 2)}\n`)
      console.error(`Results written to ${resolve(values.json)}`)
    }
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  })
