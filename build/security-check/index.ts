import { readFileSync, readdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Allowlist, judge, tableRows } from './findings'
import { electronVersion, scan } from './scan'

/**
 * `npm run security:check`: electronegativity over the Electron sources (electron/main and
 * electron/preload, in TypeScript, which it parses with Babel's TypeScript plugin), then a verdict.
 * Electronegativity itself exits 0 whatever it finds; this fails on any HIGH or MEDIUM finding
 * that the allowlist does not explain, on an allowlist entry that explains nothing, and on a
 * file it could not parse.
 */
const ROOT = resolve(__dirname, '../..')
const INPUT = join(ROOT, 'electron')
const ALLOWLIST = join(__dirname, 'electronegativity-allowlist.json')

async function main(): Promise<number> {
  const allowlist = Allowlist.parse(JSON.parse(readFileSync(ALLOWLIST, 'utf8')))
  const { findings, parseFailures } = await scan(INPUT, ROOT)
  const verdict = judge(findings, allowlist.entries, parseFailures)

  // The same extensions electronegativity reads, so the count says what was scanned.
  const scanned = readdirSync(INPUT, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(tsx?|jsx?|html?)$/.test(f)).length
  console.log(`\nElectronegativity (checks for Electron ${electronVersion()}) over ${scanned} files in electron/: ${findings.length} finding(s)`)
  if (findings.length > 0) console.table(tableRows(verdict))
  for (const failure of verdict.parseFailures) console.error(`Could not parse ${failure.file}: ${failure.message}`)
  for (const finding of verdict.unexplained) {
    console.error(
      `Not explained: ${finding.severity} ${finding.id} at ${finding.file}:${finding.line} (${finding.description}). ` +
        'Fix it, or add an entry with the reason to build/security-check/electronegativity-allowlist.json.',
    )
  }
  for (const entry of verdict.stale) {
    console.error(`Stale allowlist entry: ${entry.id} in ${entry.file}${entry.line ? `:${entry.line}` : ''} matches no HIGH or MEDIUM finding. Remove it.`)
  }
  const explained = verdict.rows.filter((r) => r.explainedBy).length
  console.log(verdict.ok ? `Security check passed (${explained} finding(s) explained by the allowlist).` : 'Security check FAILED.')
  return verdict.ok ? 0 : 1
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  },
)
