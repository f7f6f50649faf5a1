import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/**
 * Every test file records audit chain heads in a temporary folder of its own, never in the user's
 * real config folder; the CLIs it starts inherit the folder through the environment.
 */
const dir = mkdtempSync(join(tmpdir(), 'portico-anchors-'))
process.env['PORTICO_ANCHOR_DIR'] = dir
afterAll(() => rmSync(dir, { recursive: true, force: true }))
