import { describe, expect, test } from 'vitest'
import { Allowlist, type AllowlistEntry, type Finding, judge, readScan, tableRows } from '../../build/security-check/findings'

const finding = (over: Partial<Finding> = {}): Finding => ({
  id: 'NODE_INTEGRATION_JS_CHECK',
  file: 'electron/main/window.ts',
  line: 12,
  column: 4,
  severity: 'HIGH',
  confidence: 'FIRM',
  description: 'Disable nodeIntegration for untrusted origins',
  sample: 'nodeIntegration: true',
  ...over,
})
const entry = (over: Partial<AllowlistEntry> = {}): AllowlistEntry => ({
  id: 'NODE_INTEGRATION_JS_CHECK',
  file: 'electron/main/window.ts',
  reason: 'A reviewed reason that a reviewer can check against the code.',
  ...over,
})

describe('the security check’s verdict on electronegativity findings', () => {
  test('a HIGH finding the allowlist does not explain fails the check', () => {
    const verdict = judge([finding()], [])
    expect(verdict.ok).toBe(false)
    expect(verdict.unexplained).toEqual([finding()])
    expect(tableRows(verdict)[0]).toMatchObject({ status: 'FAIL', severity: 'HIGH', check: 'NODE_INTEGRATION_JS_CHECK' })
  })

  test('a MEDIUM finding fails too, whatever its confidence', () => {
    for (const confidence of ['TENTATIVE', 'FIRM', 'CERTAIN'] as const) {
      expect(judge([finding({ severity: 'MEDIUM', confidence })], []).ok).toBe(false)
    }
  })

  test('a HIGH finding explained by an entry for its check and file passes, on any line of that file', () => {
    const verdict = judge([finding(), finding({ line: 80 })], [entry()])
    expect(verdict.ok).toBe(true)
    expect(verdict.rows.every((r) => r.explainedBy === verdict.rows[0]?.explainedBy && r.explainedBy)).toBeTruthy()
    expect(tableRows(verdict).map((r) => r['status'])).toEqual(['allowlisted', 'allowlisted'])
  })

  test('an entry for the same check in another file, or another check in the same file, explains nothing', () => {
    expect(judge([finding()], [entry({ file: 'electron/main/index.ts' })]).ok).toBe(false)
    expect(judge([finding()], [entry({ id: 'CONTEXT_ISOLATION_JS_CHECK' })]).ok).toBe(false)
  })

  test('an entry that gives a line explains only the finding on that line', () => {
    const verdict = judge([finding({ line: 12 }), finding({ line: 40 })], [entry({ line: 12 })])
    expect(verdict.ok).toBe(false)
    expect(verdict.unexplained.map((f) => f.line)).toEqual([40])
  })

  test('a stale entry, one that matches no HIGH or MEDIUM finding, fails the check', () => {
    const verdict = judge([finding()], [entry(), entry({ id: 'OPEN_EXTERNAL_JS_CHECK' })])
    expect(verdict.ok).toBe(false)
    expect(verdict.unexplained).toEqual([])
    expect(verdict.stale.map((e) => e.id)).toEqual(['OPEN_EXTERNAL_JS_CHECK'])
  })

  test('an entry that only matches a LOW finding is stale: LOW and INFORMATIONAL findings are shown, never gated', () => {
    const low = finding({ id: 'CSP_GLOBAL_CHECK', severity: 'LOW', confidence: 'TENTATIVE' })
    expect(judge([low], []).ok).toBe(true)
    expect(tableRows(judge([low], []))[0]).toMatchObject({ status: 'info' })
    expect(judge([low], [entry({ id: 'CSP_GLOBAL_CHECK' })]).stale).toHaveLength(1)
  })

  test('a file the scanner could not parse fails the check, since nothing in it was checked', () => {
    expect(judge([], [], [{ file: 'electron/main/new.ts', message: 'Unexpected token (3:4)' }]).ok).toBe(false)
  })

  test('reads electronegativity’s result: absolute paths become repository paths, unparsed files are kept apart from tolerable ones', () => {
    const level = (name: string, value: number) => ({ name, value, format: () => name })
    const { findings, parseFailures } = readScan(
      {
        globalChecks: 5,
        atomicChecks: 36,
        errors: [
          { file: '/repo/electron/main/a.ts', message: 'Unexpected token', tolerable: false },
          { file: '/repo/electron/main/b.ts', message: 'a warning', tolerable: true },
        ],
        issues: [
          {
            id: 'OPEN_EXTERNAL_JS_CHECK',
            file: '/repo/electron/main/window.ts',
            location: { line: 46, column: 41 },
            sample: 'shell.openExternal(url)',
            description: 'Review the use of openExternal',
            severity: level('MEDIUM', 2),
            confidence: level('TENTATIVE', 0),
            manualReview: true,
          },
        ],
      },
      '/repo',
    )
    expect(findings).toEqual([
      {
        id: 'OPEN_EXTERNAL_JS_CHECK',
        file: 'electron/main/window.ts',
        line: 46,
        column: 41,
        severity: 'MEDIUM',
        confidence: 'TENTATIVE',
        description: 'Review the use of openExternal',
        sample: 'shell.openExternal(url)',
      },
    ])
    expect(parseFailures).toEqual([{ file: 'electron/main/a.ts', message: 'Unexpected token' }])
  })

  test('a result of another shape (the tool changed) is refused rather than read as "no findings"', () => {
    expect(() => readScan({ issues: [{ id: 'X', severity: 'HIGH' }] }, '/repo')).toThrow()
  })

  test('the allowlist refuses an entry without a real reason', () => {
    const parse = (reason: string) => Allowlist.safeParse({ about: '', entries: [entry({ reason })] }).success
    expect(parse('')).toBe(false)
    expect(parse('ok')).toBe(false)
    expect(parse(entry().reason)).toBe(true)
  })
})
