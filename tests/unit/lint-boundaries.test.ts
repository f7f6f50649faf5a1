import { ESLint } from 'eslint'
import { describe, expect, test } from 'vitest'

const eslint = new ESLint({ cwd: process.cwd() })

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath })
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length
}

describe('import boundaries', () => {
  test.each([
    ['renderer/src/features/x.ts', "import { ipcRenderer } from 'electron'"],
    ['renderer/src/features/x.ts', "import Database from 'better-sqlite3'"],
    ['renderer/src/features/x.ts', "import { openDatabase } from '../../../db/connection'"],
    ['renderer/src/features/x.ts', "import { handlers } from '../../../electron/main/handlers'"],
    ['shared/x.ts', "import { readFileSync } from 'node:fs'"],
    ['shared/x.ts', "import { listClients } from '../db/repositories/clients.repository'"],
  ])('%s may not %s', async (file, line) => {
    expect(await restrictedImports(file, `${line}\nexport const used = 1\n`)).toBe(1)
  })

  test.each([
    ['electron/main/x.ts', "import SqliteDatabase from 'better-sqlite3'"],
    ['electron/main/x.ts', "import pg from 'pg'"],
    ['build/web-host/x.ts', "import pg from 'pg'"],
  ])('only db/ knows the engine: %s may not %s', async (file, line) => {
    expect(await restrictedImports(file, `${line}\nexport const used = 1\n`)).toBe(1)
  })

  test('only db/ reads an engine error code', async () => {
    const [result] = await eslint.lintText("export const busy = (code: string) => code.startsWith('SQLITE_BUSY')\n", { filePath: 'electron/main/x.ts' })
    expect(result!.messages.map((m) => m.ruleId)).toEqual(['no-restricted-syntax'])
    const [inDb] = await eslint.lintText("export const busy = (code: string) => code.startsWith('SQLITE_BUSY')\n", { filePath: 'db/x.ts' })
    expect(inDb!.messages).toEqual([])
  })

  test('main-process code may reach db/ and electron', async () => {
    expect(await restrictedImports('electron/main/x.ts', "import { app } from 'electron'\nimport { openDatabase } from '../../db/connection'\n")).toBe(0)
  })
})
