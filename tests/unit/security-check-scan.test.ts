import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type Finding, type ParseFailure, judge } from '../../build/security-check/findings'
import { scan } from '../../build/security-check/scan'

// The real electronegativity over a small TypeScript main process, to prove it reads TypeScript
// (type annotations, `as const`, `satisfies`) and that its findings reach the verdict.
const UNSAFE_MAIN = `import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron'

type Size = { width: number; height: number }
const size = { width: 800, height: 600 } as const satisfies Size

export function open(url: string): BrowserWindow {
  const options: BrowserWindowConstructorOptions = { ...size }
  const win = new BrowserWindow({
    ...options,
    webPreferences: {
      nodeIntegration: true,
      contextIsolation: false,
    },
  })
  void win.loadURL(url)
  return win
}
`

describe('electronegativity over TypeScript sources', () => {
  let root: string
  let result: { findings: Finding[]; parseFailures: ParseFailure[] }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'portico-security-check-'))
    mkdirSync(join(root, 'electron/main'), { recursive: true })
    writeFileSync(join(root, 'electron/main/window.ts'), UNSAFE_MAIN)
    writeFileSync(join(root, 'electron/main/broken.ts'), 'export const x: = 1\n')
    result = await scan(join(root, 'electron'), root)
  }, 60_000)
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  test('finds contextIsolation off (HIGH), no sandbox (MEDIUM) and nodeIntegration in a .ts file, at their lines', () => {
    const inWindow = result.findings.filter((f) => f.file === 'electron/main/window.ts')
    expect(inWindow.map((f) => [f.id, f.severity, f.line])).toEqual(
      expect.arrayContaining([
        ['CONTEXT_ISOLATION_JS_CHECK', 'HIGH', 12],
        ['SANDBOX_JS_CHECK', 'MEDIUM', 8],
        // INFORMATIONAL here because nothing is loaded over http: it rises with remote content.
        ['NODE_INTEGRATION_JS_CHECK', 'INFORMATIONAL', 11],
      ]),
    )
  })

  test('finds what is missing from the whole app: navigation limits (HIGH) and a permission handler (MEDIUM), reported against no file', () => {
    expect(result.findings.filter((f) => f.file === 'N/A').map((f) => [f.id, f.severity])).toEqual(
      expect.arrayContaining([
        ['LIMIT_NAVIGATION_GLOBAL_CHECK', 'HIGH'],
        ['PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'MEDIUM'],
      ]),
    )
  })

  test('reports a file it cannot parse instead of skipping it quietly', () => {
    expect(result.parseFailures.map((f) => f.file)).toEqual(['electron/main/broken.ts'])
  })

  test('the verdict fails on those findings, and passes once each is explained and the broken file is gone', () => {
    expect(judge(result.findings, [], result.parseFailures).ok).toBe(false)
    const reason = 'A reason, reviewed against the code it explains.'
    const gated = result.findings.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM')
    const entries = [...new Map(gated.map((f) => [`${f.id} ${f.file}`, { id: f.id, file: f.file, reason }])).values()]
    expect(entries.length).toBeGreaterThanOrEqual(4)
    expect(judge(result.findings, entries, []).ok).toBe(true)
  })
})
