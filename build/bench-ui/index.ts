import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_SEED } from '../bench/run'
import { formatMethod, formatSize } from './report'
import { runUiBenchmark } from './run'

/**
 * `npm run bench:ui [-- --sizes 100000,1000000] [--json out.json] [--seed N]`: the desk in headless
 * Chromium against the browser host on a copy of each cached synthetic practice; times keystroke →
 * results painted, click → profile painted, sign-in → first list, a 5 s scroll, and the JS heap.
 * Needs the built renderer (`npm run build`).
 */
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '100000,1000000' },
    json: { type: 'string' },
    seed: { type: 'string', default: String(DEFAULT_SEED) },
  },
})

const sizes = values.sizes.split(',').map((s) => Number(s.trim().replace(/_/g, '')))
if (sizes.length === 0 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
  console.error(`--sizes must be a comma-separated list of positive whole numbers (got "${values.sizes}").`)
  process.exit(2)
}
const seed = Number(values.seed)
if (!Number.isInteger(seed)) {
  console.error(`--seed must be a whole number (got "${values.seed}").`)
  process.exit(2)
}

runUiBenchmark({
  sizes,
  seed,
  print: (text) => console.log(text),
  progress: (line) => console.error(line),
  formatMethod,
  formatSize,
})
  .then((result) => {
    if (values.json) {
      const path = resolve(values.json)
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`)
      console.error(`Wrote ${path}`)
    }
  })
  .catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  })
