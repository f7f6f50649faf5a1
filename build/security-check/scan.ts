import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import electronegativity from '@doyensec/electronegativity'
import { type Finding, type ParseFailure, readScan } from './findings'

/**
 * The Electron version the app is built with. Electronegativity's checks depend on it (defaults
 * changed over the years) and it would otherwise look for a package.json in the scanned folder.
 */
export function electronVersion(): string {
  const pkg = createRequire(__filename).resolve('electron/package.json')
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version
}

/** Runs electronegativity's programmatic API over `input` (a folder of .ts/.js/.html); paths come back relative to `root`. */
export async function scan(input: string, root: string): Promise<{ findings: Finding[]; parseFailures: ParseFailure[] }> {
  const raw = await electronegativity({
    input,
    electronVersionOverride: electronVersion(),
    // This check compares the Electron version in a package.json with GitHub's release list. There
    // is no package.json in the scanned sources, and a verdict that depends on the network has no
    // place in a test run: keeping Electron current is a dependency update, not a source finding.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  })
  return readScan(raw, root)
}
