import { createReadStream, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { sql } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { findLikelyDuplicates, withoutDuplicates } from '../../db/import/find-duplicates'
import { ImportCancelledError, importClients } from '../../db/import/import-clients'
import { describeProblem, parseClientsCsv } from '../../db/import/parse-clients-csv'
import { appendAudit } from '../../db/repositories/audit.repository'
import { putSetting } from '../../db/repositories/settings.repository'
import { tempDatabase, tempDir } from '../support/temp-db'
import { DIALECTS } from '../support/dialects'
import { generatedClientsCsv } from '../../build/bench/generated-clients'

describe.each(DIALECTS)('on %s', (dialect) => {

  const FIXTURES = join(__dirname, '../fixtures/import')
  const fixture = (name: string) => createReadStream(join(FIXTURES, name))
  const IMPORTER = { type: 'system', name: 'import', workstation: 'test-host' } as const
  const NOW = new Date('2026-05-04T10:00:00.000Z')

  const cleanups: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })
  async function database() {
    const t = await tempDatabase({ dialect })
    cleanups.push(() => t.close())
    return t
  }
  const clientCount = async (t: Awaited<ReturnType<typeof database>>) => Number((await t.db.selectFrom('clients').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
  const problemLines = async (input: Readable) => (await parseClientsCsv(input)).problems.map(describeProblem)

  describe('reading a clients CSV file', () => {
    test('a good file imports exactly: BOM, CRLF, any header spelling, quoted commas and quotes, blank rows, non-ASCII names', async () => {
      const t = await database()
      const parsed = await parseClientsCsv(fixture('good.csv'))
      expect(parsed.problems).toEqual([])

      await importClients(t.store, t.db, parsed.rows, { actor: IMPORTER, now: NOW })

      const stored = await t.db.selectFrom('clients').selectAll().orderBy('id').execute()
      expect(stored.map(({ id: _id, ...row }) => row)).toEqual(
        [
          ['Ava', 'Nguyen', null, '1984-03-27', 'ava.nguyen@example.com', '(555) 010-2000', '5550102000', '0102000', 'active'],
          ['Robert "Bobby"', 'O\'Brien, Jr.', 'Bob', '1970-12-01', null, '+1 555 010 2001', '15550102001', '0102001', 'inactive'],
          ['Zoë', 'Ångström-Łukasiewicz', 'Zo', '2001-02-28', 'zoe@example.org', null, null, null, 'active'],
          ['李', '小龙', 'Lee, Bruce', '1940-11-27', null, '555.010.2002', '5550102002', '0102002', 'active'],
          ['José', 'Muñoz 🌵', null, '1999-07-04', 'jose.munoz@example.com', null, null, null, 'active'],
        ].map(([first_name, last_name, preferred_name, date_of_birth, email, phone, phone_digits, phone_tail, status]) => ({
          first_name, last_name, preferred_name, date_of_birth, email, phone, phone_digits, phone_tail, status,
          created_at: NOW.toISOString(),
          updated_at: NOW.toISOString(),
        })),
      )
    })

    test.each([
      ['LF', '\n'],
      ['CRLF', '\r\n'],
    ])('bad rows are each named by the line they start on, counting line breaks inside quoted values (%s)', async (_name, newline) => {
      const text = readFileSync(join(FIXTURES, 'bad.csv'), 'utf8').replaceAll('\n', newline)
      expect(await problemLines(Readable.from([Buffer.from(text)]))).toEqual([
        'line 3: Preferred name — runs over more than one line. Each detail must be on one line: remove the line break.',
        'line 5: Email — Enter an email address like name@example.com, or leave it empty.',
        'line 6: First name — runs over more than one line. Each detail must be on one line: remove the line break.',
        'line 8: Date of birth — Enter the date of birth as a real date, for example 1984-03-27.',
        'line 9: Last name — Enter a last name.',
        'line 9: Phone — A phone number has 7 to 15 digits.',
        'line 10: Preferred name — runs over more than one line. Each detail must be on one line: remove the line break.',
        'line 14: This row has 7 values but the header row names 6 columns. A value with a comma in it needs double quotes around it.',
      ])
    })

    test('a file with bad rows gives back only its good rows and a count of the bad ones, keeping the first problems', async () => {
      const rows = Array.from({ length: 250 }, (_, i) => `Client${i},Test,1980-01-01,${i % 2 ? 'bad-email' : ''}`)
      const parsed = await parseClientsCsv(Readable.from([`first_name,last_name,date_of_birth,email\n${rows.join('\n')}\n`]))
      expect(parsed).toMatchObject({ problemCount: 125, badRows: 125 })
      expect(parsed.rows).toHaveLength(125)
      expect(parsed.problems).toHaveLength(100)
      expect(parsed.problems[0]).toEqual({ line: 3, field: 'Email', message: 'Enter an email address like name@example.com, or leave it empty.' })
    })

    test('unknown columns are listed and left out, or refused when strict', async () => {
      const parsed = await parseClientsCsv(fixture('unknown-columns.csv'))
      expect(parsed.problems).toEqual([])
      expect(parsed.header?.unknown).toEqual(['“Notes”'])
      expect(parsed.rows).toEqual([expect.objectContaining({ firstName: 'Ava', email: 'ava@example.com' })])
      expect((await parseClientsCsv(fixture('unknown-columns.csv'), { strict: true })).problems.map(describeProblem)).toEqual([
        'line 1: Unknown column “Notes”. Match it to a field or ignore it.',
      ])
    })

    test('a header without the names and date of birth, or with a column twice, is refused', async () => {
      expect(await problemLines(Readable.from(['email,Email\nava@example.com,ava@example.com\n']))).toEqual([
        'line 1: Both “email” and “Email” look like Email. Choose one and ignore the other (--map "Email=ignore").',
        'line 1: No column was matched to First name, Last name, Date of birth. The file needs first and last names (or a full name) and a date of birth.',
      ])
    })

    test('an empty file, or one with only a header, has nothing to import', async () => {
      expect(await problemLines(Readable.from(['\uFEFF\r\n']))).toEqual([
        'line 1: The file is empty. Its first row must name the columns: first_name,last_name,preferred_name,date_of_birth,email,phone,status.',
      ])
      expect(await problemLines(Readable.from(['\nfirst_name,last_name,date_of_birth\n']))).toEqual(['line 2: The file has a header row but no clients under it.'])
    })

    test('a quote that is never closed stops the reading at the row where it opens', async () => {
      expect(await problemLines(fixture('unclosed-quote.csv'))).toEqual([
        'line 3: A double quote opens a value in this row and is never closed. The file was not read past this point.',
      ])
    })

    test('a quote left open in a large file is caught within a megabyte, not after reading it all', async () => {
      const rows = 'Ava,Nguyen,1984-03-27\n'.repeat(100_000)
      const parsed = await parseClientsCsv(Readable.from([`first_name,last_name,date_of_birth\nAva,Nguyen,1984-03-27\nSam,"Rivera,1990-01-01\n${rows}`]))
      expect(parsed.problems.map(describeProblem)).toEqual([
        'line 3: A double quote opens a value in this row and is never closed. The file was not read past this point.',
      ])
    })

    test('a file that cannot be read is an error, not a problem with the file', async () => {
      await expect(parseClientsCsv(createReadStream(join(FIXTURES, 'no-such-file.csv')))).rejects.toThrow(/ENOENT/)
    })

    test('a file saved in Windows-1252 is detected and read with its accents', async () => {
      const parsed = await parseClientsCsv(fixture('windows-1252.csv'))
      expect(parsed.encoding).toBe('windows-1252')
      expect(parsed.problems.map(describeProblem)).toEqual(['line 3: Status — Enter active or inactive, or leave it empty for active.'])
      expect(parsed.rows.map((r) => r.firstName)).toEqual(['Renée'])
    })
  })

  describe('importing clients', () => {
    test('writes one event per client created and one for the import with the counts and no personal data, and the chain still verifies', async () => {
      const t = await database()
      await appendAudit(t.db, { actor: IMPORTER, action: 'test.before', clientId: null, outcome: 'success', at: NOW.toISOString() })
      const { rows } = await parseClientsCsv(fixture('good.csv'))

      expect(await importClients(t.store, t.db, rows, { actor: IMPORTER, now: NOW, fileName: 'good.csv', skippedDuplicates: 2 })).toEqual({ rows: 5, at: NOW.toISOString(), phonesKeptAsTyped: 1 })

      const events = await t.db.selectFrom('audit_events').selectAll().orderBy('id').execute()
      const ids = (await t.db.selectFrom('clients').select('id').orderBy('id').execute()).map((c) => c.id)
      expect(events.slice(1, -1).map((e) => [e.action, e.client_id, e.detail])).toEqual(ids.map((id) => ['client.create', id, '{"via":"import"}']))
      expect(events.at(-1)).toMatchObject({
        action: 'clients.import',
        actor_type: 'system',
        actor_name: 'import',
        workstation: 'test-host',
        client_id: null,
        outcome: 'success',
        detail: '{"rows":5,"file":"good.csv","skippedDuplicates":2}',
      })
      expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: true, events: events.length, firstBroken: null })
    })

    test('phones are stored as the desk stores them for the practice’s country; one it can’t read is kept as the file has it, and counted', async () => {
      const t = await database()
      await putSetting(t.db, 'practice.country', 'US')
      const csv = 'first_name,last_name,date_of_birth,phone\nAva,Nguyen,1984-03-27,(202) 555-0143\nBo,Lee,1970-12-01,+44 20 7946 0958\nCy,Ode,2001-02-28,(555) 010-2000\nDi,Ray,1999-07-04,\n'
      const { rows, problems } = await parseClientsCsv(Readable.from([csv]))
      expect(problems).toEqual([])
      expect(await importClients(t.store, t.db, rows, { actor: IMPORTER })).toMatchObject({ rows: 4, phonesKeptAsTyped: 1 })
      const stored = await t.db.selectFrom('clients').select(['phone', 'phone_digits', 'phone_tail']).orderBy('id').execute()
      expect(stored).toEqual([
        { phone: '+12025550143', phone_digits: '12025550143', phone_tail: '5550143' },
        { phone: '+442079460958', phone_digits: '442079460958', phone_tail: '9460958' },
        { phone: '(555) 010-2000', phone_digits: '5550102000', phone_tail: '0102000' },
        { phone: null, phone_digits: null, phone_tail: null },
      ])
    })

    test('when the audit event cannot be written, no client is imported', async () => {
      const t = await database()
      if (dialect === 'sqlite') {
        // Not a temp trigger: that is the desk connection's own, and an import is written on another.
        await sql`create trigger refuse_audit before insert on audit_events begin select raise(abort, 'audit refused'); end`.execute(t.db)
      } else {
        await sql`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`.execute(t.db)
        await sql`create trigger refuse_audit before insert on audit_events for each row execute function refuse_audit()`.execute(t.db)
      }
      const { rows } = await parseClientsCsv(fixture('good.csv'))

      await expect(importClients(t.store, t.db, rows, { actor: IMPORTER, now: NOW, batchSize: 2 })).rejects.toThrow('audit refused')

      expect(await clientCount(t)).toBe(0)
      expect(t.store.writing()).toBe(false)
    })

    test('likely duplicates are found, a client already here or twice in the file, and can be skipped or imported', async () => {
      const t = await database()
      const first = await parseClientsCsv(Readable.from(["First Name,Last Name,DOB\nZoe\u0308,O'Brien,03/14/1985\n"]))
      await importClients(t.store, t.db, first.rows, { actor: IMPORTER })
      const parsed = await parseClientsCsv(Readable.from([
        "First Name,Last Name,DOB\nZOË,o'brien,03/14/1985\nSam,Rivera,01/20/1990\nSam,Rivera,01/20/1990\nSam,Rivera,01/21/1990\n",
      ]))
      const existing = Number((await t.db.selectFrom('clients').select('id').executeTakeFirstOrThrow()).id)
      const duplicates = await findLikelyDuplicates(t.db, parsed.rows)
      expect(duplicates).toEqual([
        { row: 0, existingClientId: existing, sameAsRow: null },
        { row: 2, existingClientId: null, sameAsRow: 1 },
      ])
      expect(withoutDuplicates(parsed.rows, duplicates).map((r) => `${r.firstName} ${r.dateOfBirth}`)).toEqual(['Sam 1990-01-20', 'Sam 1990-01-21'])
      await importClients(t.store, t.db, withoutDuplicates(parsed.rows, duplicates), { actor: IMPORTER })
      expect(await clientCount(t)).toBe(3)
    })

    test('a cancelled import keeps nothing: no client and no audit event', async () => {
      const t = await database()
      const parsed = await parseClientsCsv(Readable.from([generatedClientsCsv(2_000)]))
      const events = async () => Number((await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)
      const before = await events()
      const cancel = new AbortController()
      const progress: number[] = []
      const importing = importClients(t.store, t.db, parsed.rows, { actor: IMPORTER, batchSize: 500, signal: cancel.signal, onProgress: (done) => {
        progress.push(done)
        if (done === 1_000) cancel.abort()
      } })
      await expect(importing).rejects.toBeInstanceOf(ImportCancelledError)
      // Told at every 500 rows, and between them when a slice of writing took long (a busy machine).
      expect(progress.filter((done) => done % 500 === 0)).toEqual([500, 1_000])
      expect(await clientCount(t)).toBe(0)
      expect(await events()).toBe(before)
      expect(t.store.writing()).toBe(false)
      expect(await importClients(t.store, t.db, parsed.rows.slice(0, 3), { actor: IMPORTER })).toMatchObject({ rows: 3, phonesKeptAsTyped: 0 })
    })

    test('100,000 generated rows are checked and imported well within the time limit', { timeout: 60_000 }, async () => {
      const t = await database()
      const { dir, cleanup } = tempDir('portico-import-')
      cleanups.push(cleanup)
      const path = join(dir, 'clients-100k.csv')
      writeFileSync(path, generatedClientsCsv(100_000))

      const started = performance.now()
      const parsed = await parseClientsCsv(createReadStream(path))
      const checked = performance.now()
      expect(parsed.problems).toEqual([])
      const progress: number[] = []
      await importClients(t.store, t.db, parsed.rows, { actor: IMPORTER, onProgress: (done) => progress.push(done) })
      const finished = performance.now()

      console.log(
        `${dialect}: 100,000 rows (${(statSync(path).size / 1_048_576).toFixed(1)} MB): checked in ${((checked - started) / 1000).toFixed(2)} s, ` +
          `written in ${((finished - checked) / 1000).toFixed(2)} s, ${((finished - started) / 1000).toFixed(2)} s in all`,
      )
      expect(finished - started).toBeLessThan(30_000)
      expect(await clientCount(t)).toBe(100_000)
      expect(progress.filter((done) => done % 5_000 === 0)).toHaveLength(20)
      expect(progress.at(-1)).toBe(100_000)
      expect(await t.db.selectFrom('clients').select(['first_name', 'phone_digits']).where('id', '=', 100_000).executeTakeFirst()).toEqual({ first_name: 'Zoë99999', phone_digits: '5550099999' })
      expect(Number((await t.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).where('action', '=', 'client.create').executeTakeFirstOrThrow()).n)).toBe(100_000)
      expect((await verifyAuditChain(t.db, { key: null })).ok).toBe(true)
    })
  })

})
