import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { afterEach, describe, expect, test } from 'vitest'
import { exportClients } from '../../db/export/export-clients'
import { importClients } from '../../db/import/import-clients'
import { parseClientsCsv } from '../../db/import/parse-clients-csv'
import { insertClient } from '../../db/repositories/clients.repository'
import { DIALECTS } from '../support/dialects'
import { tempDatabase } from '../support/temp-db'

const ROOT = resolve(__dirname, '../..')
const EXPORTER = { type: 'system', name: 'export', workstation: 'test-host' } as const

/** Names a spreadsheet would run as formulas, quotes, commas, line-free Unicode: all must come back as typed. */
const AWKWARD = [
  { firstName: '=HYPERLINK("http://x","y")', lastName: '+Plus', preferredName: '@at', dateOfBirth: '1990-02-03', email: null, phone: '+1 555 010 2003' },
  { firstName: 'Robert "Bobby"', lastName: "O'Brien, Jr.", preferredName: '-dash', dateOfBirth: '1970-12-01', email: 'bob@example.com', phone: '(555) 010-2004' },
  { firstName: 'Zoë', lastName: 'Ångström 🌵', preferredName: null, dateOfBirth: '2001-02-28', email: null, phone: null },
]

describe.each(DIALECTS)('on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })
  const database = async () => {
    const t = await tempDatabase({ dialect, demo: true })
    cleanups.push(() => t.close())
    return t
  }
  const everyone = (t: Awaited<ReturnType<typeof database>>) =>
    t.db.selectFrom('clients').select(['first_name', 'last_name', 'preferred_name', 'date_of_birth', 'email', 'phone', 'phone_digits', 'status']).orderBy('id').execute()

  describe('exporting clients', () => {
    test('writes every client in the import format, formulas quoted as text, and imports back exactly', async () => {
      const t = await database()
      for (const client of AWKWARD) await insertClient(t.db, client, new Date().toISOString())
      let csv = ''
      const { rows } = await exportClients(t.db, (chunk) => void (csv += chunk), { actor: EXPORTER })
      const stored = await everyone(t)
      expect(rows).toBe(stored.length)
      expect(csv.split('\n')[0]).toBe('first_name,last_name,preferred_name,date_of_birth,email,phone,status')
      // In a spreadsheet these cells are text, not formulas.
      expect(csv).toContain(`"'=HYPERLINK(""http://x"",""y"")",'+Plus,'@at`)

      const parsed = await parseClientsCsv(Readable.from([csv]))
      expect(parsed.problems).toEqual([])
      const copy = await tempDatabase({ dialect, staff: false })
      cleanups.push(() => copy.close())
      await importClients(copy.store, copy.db, parsed.rows, { actor: EXPORTER })
      expect(await everyone(copy)).toEqual(stored)

      const event = await t.db.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
      expect(event).toMatchObject({ action: 'clients.export', client_id: null, detail: JSON.stringify({ rows }) })
    })

    test('npm run export writes the file for the database it is given', async () => {
      const t = await database()
      const out = join(t.dir, 'clients.csv')
      const printed = execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'db/export-cli.ts'), '--db', t.path, '--out', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      expect(printed).toBe('')
      const lines = readFileSync(out, 'utf8').trim().split('\n')
      expect(lines).toHaveLength(1 + (await everyone(t)).length)
      expect(lines.some((line) => line.startsWith('Joe,Fake,'))).toBe(true)
    })
  })
})
