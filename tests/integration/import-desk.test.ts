import { sql } from 'kysely'
import { afterEach, describe, expect, test } from 'vitest'
import { verifyAuditChain } from '../../db/audit/verify-chain'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import type { DataLayer, HandlerContext } from '../../electron/main/context'
import { handlers } from '../../electron/main/handlers'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'
import { xlsxFile } from '../support/xlsx-file'

/** The file the issue describes: an old system's export as it comes, BOM, CRLF, US dates, quoted commas and all. */
export const REALISTIC_CSV =
  '\uFEFF"First Name","Last Name","Date of Birth","Email","Mobile Phone","Notes"\r\n' +
  '"Siobhan","O\'Brien","03/14/1985","siobhan@example.com","(555) 010-2001","Prefers mornings, Tuesdays"\r\n' +
  '"Zoë","Ångström","11/02/1979","","555-010-2002",""\r\n' +
  '"Thị Lan","Nguyễn","07/30/2001","lan.nguyen@example.com","",""\r\n' +
  '"小龙","李","12/25/1990","","+1 555 010 2004","Referred by Dr. Chen"\r\n'

const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64')

describe.each(DIALECTS)('the desk import on %s', (dialect) => {
  const cleanups: (() => Promise<void>)[] = []
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup()
  })

  async function desk(options: { demo?: boolean } = {}) {
    const t = await tempDatabase({ dialect, demo: options.demo ?? false })
    cleanups.push(() => t.close())
    // The handlers import through the desk's own store, as in Electron and the browser host.
    const ctx: HandlerContext = { ...testContext(t.db), data: { store: t.store } as DataLayer }
    const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>, as: HandlerContext = ctx) =>
      dispatch(handlers, as, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
    const ok = async <K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> => {
      const result = await call(channel, input)
      if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
      return result.value
    }
    const refused = async <K extends ChannelName>(channel: K, input: ChannelInput<K>, as?: HandlerContext) => {
      const result = await call(channel, input, as)
      if (result.ok) throw new Error(`${channel} was expected to be refused`)
      return result.error
    }
    const clients = () => t.db.selectFrom('clients').select(['first_name', 'last_name', 'date_of_birth', 'email', 'phone']).orderBy('id').execute()
    const events = () => t.db.selectFrom('audit_events').select(['action', 'client_id', 'detail', 'actor_name', 'outcome']).orderBy('id').execute()
    return { t, ctx, call, ok, refused, clients, events }
  }

  test('a realistic export is matched, read with its US dates, previewed, and imported with one event per client and one for the file', async () => {
    const { t, ok, clients, events } = await desk()
    const check = await ok('checkClientImport', { fileName: 'clients-export.csv', data: base64(REALISTIC_CSV) })
    expect(check).toMatchObject({ kind: 'csv', encoding: 'utf-8', delimiter: ',', dateFormat: 'MM/DD/YYYY', dateAmbiguity: null, ready: 4, problemCount: 0, unknown: ['“Notes”'] })
    expect(check.columns).toEqual([
      { column: 'First Name', target: 'firstName' },
      { column: 'Last Name', target: 'lastName' },
      { column: 'Date of Birth', target: 'dateOfBirth' },
      { column: 'Email', target: 'email' },
      { column: 'Mobile Phone', target: 'phone' },
      { column: 'Notes', target: 'ignore' },
    ])
    expect(check.preview.map((r) => `${r.firstName} ${r.lastName} ${r.dateOfBirth}`)).toEqual(['Siobhan O\'Brien 1985-03-14', 'Zoë Ångström 1979-11-02', 'Thị Lan Nguyễn 2001-07-30', '小龙 李 1990-12-25'])
    expect(check.token).toMatch(/^[0-9a-f-]{36}$/)

    const done = await ok('runClientImport', { token: check.token!, skipDuplicates: false })
    expect(done).toMatchObject({ imported: 4, skippedDuplicates: 0 })
    expect((await clients()).map((c) => [c.first_name, c.last_name, c.date_of_birth, c.phone])).toEqual([
      ['Siobhan', "O'Brien", '1985-03-14', '(555) 010-2001'],
      ['Zoë', 'Ångström', '1979-11-02', '555-010-2002'],
      ['Thị Lan', 'Nguyễn', '2001-07-30', null],
      ['小龙', '李', '1990-12-25', '+1 555 010 2004'],
    ])
    const recorded = await events()
    expect(recorded.filter((e) => e.action === 'client.create')).toHaveLength(4)
    expect(recorded.at(-1)).toMatchObject({ action: 'clients.import', actor_name: 'Tess Admin', outcome: 'success', client_id: null, detail: JSON.stringify({ rows: 4, file: 'clients-export.csv', skippedDuplicates: 0 }) })
    expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: true })

    // "Show them": the list narrows to this import's clients.
    const page = await ok('listImportedClients', { importedAt: done.importedAt, offset: 0 })
    expect(page.total).toBe(4)
    expect(page.items.map((c) => c.lastName)).toEqual(['Ångström', 'Nguyễn', "O'Brien", '李'].sort((a, b) => page.items.findIndex((c) => c.lastName === a) - page.items.findIndex((c) => c.lastName === b)))
    // The held rows are gone once imported: the same file can't go in twice by the same token.
    expect((await ok('getClientImportProgress', { token: check.token! }).catch((e: Error) => e.message)) as string).toMatch(/NOT_FOUND/)
  })

  test('a front-desk account is refused every import and export channel, whatever it sends', async () => {
    const { t, ctx, refused, clients } = await desk()
    const id = await insertStaff(t.db, { username: 'fd', usernameKey: 'fd', displayName: 'Fran Desk', role: 'front_desk', passwordHash: 'x', now: new Date().toISOString() })
    const frontDesk = { ...ctx, session: { ...ctx.session, staff: { id, username: 'fd', displayName: 'Fran Desk', role: 'front_desk' as const } } }
    for (const [channel, input] of [
      ['checkClientImport', { fileName: 'a.csv', data: base64(REALISTIC_CSV) }],
      ['runClientImport', { token: '00000000-0000-0000-0000-000000000000', skipDuplicates: false }],
      ['cancelClientImport', { token: '00000000-0000-0000-0000-000000000000' }],
      ['exportClients', {}],
      ['listImportedClients', { importedAt: new Date().toISOString(), offset: 0 }],
    ] as const) {
      expect(await refused(channel, input as never, frontDesk)).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(await clients()).toEqual([])
  })

  test('files that are not client lists, too large, or not sent whole are refused in main with a plain message', async () => {
    const { refused } = await desk()
    expect(await refused('checkClientImport', { fileName: 'old.xls', data: base64('x') })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('.xlsx') })
    expect(await refused('checkClientImport', { fileName: 'photo.png', data: base64('x') })).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('CSV') })
    expect(await refused('checkClientImport', { fileName: 'fake.xlsx', data: base64('a,b') })).toMatchObject({ message: expect.stringContaining('isn’t an Excel workbook') })
    expect(await refused('checkClientImport', { fileName: 'bin.csv', data: base64(Buffer.from([1, 0, 2, 0, 3])) })).toMatchObject({ message: expect.stringContaining('isn’t text') })
    expect(await refused('checkClientImport', { fileName: 'a.csv', data: 'not base64!' })).toMatchObject({ code: 'INVALID_INPUT' })
    const big = await refused('checkClientImport', { fileName: 'big.csv', data: 'QUFB'.repeat(7_100_000) })
    expect(big).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'data', message: 'That file is larger than 20 MB. Split it into smaller files and import each.' }] })
    expect(await refused('runClientImport', { token: '00000000-0000-0000-0000-000000000000', skipDuplicates: false })).toMatchObject({ code: 'NOT_FOUND' })
    expect(await refused('checkClientImport', { fileName: 'a.csv', data: base64('a'), extra: 1 } as never)).toMatchObject({ code: 'INVALID_INPUT' })
  })

  test('an ambiguous file asks for its date format with three dates both ways, and a file with problems gives no token', async () => {
    const { ok } = await desk()
    const file = 'Name,DOB\r\nAva Lee,03/04/1985\r\nBo Chan,05/06/1990\r\nCy Diaz,01/02/2000\r\nDee Fox,07/08/1977\r\n'
    const ambiguous = await ok('checkClientImport', { fileName: 'a.csv', data: base64(file) })
    expect(ambiguous.token).toBeNull()
    expect(ambiguous.dateAmbiguity).toEqual({
      formats: ['MM/DD/YYYY', 'DD/MM/YYYY'],
      examples: [
        { value: '03/04/1985', readings: ['1985-03-04', '1985-04-03'] },
        { value: '05/06/1990', readings: ['1990-05-06', '1990-06-05'] },
        { value: '01/02/2000', readings: ['2000-01-02', '2000-02-01'] },
      ],
    })
    const chosen = await ok('checkClientImport', { fileName: 'a.csv', data: base64(file), dateFormat: 'DD/MM/YYYY' })
    expect(chosen).toMatchObject({ ready: 4, dateFormat: 'DD/MM/YYYY' })
    expect(chosen.preview[0]).toMatchObject({ firstName: 'Ava', lastName: 'Lee', dateOfBirth: '1985-04-03' })

    const bad = await ok('checkClientImport', { fileName: 'b.csv', data: base64('First Name,Last Name,DOB,E-mail\nAva,Lee,1985-03-04,nope\nBo,,1990-05-06,\n') })
    expect(bad).toMatchObject({ token: null, ready: 0, badRows: 2, problemCount: 2 })
    expect(bad.problems).toEqual([
      { line: 2, field: 'Email', message: expect.any(String) },
      { line: 3, field: 'Last name', message: 'Enter a last name.' },
    ])
    // The admin's own match: "E-mail" ignored, so only the missing last name remains.
    const remapped = await ok('checkClientImport', { fileName: 'b.csv', data: base64('First Name,Last Name,DOB,E-mail\nAva,Lee,1985-03-04,nope\n'), columns: [{ column: 'E-mail', target: 'ignore' }] })
    expect(remapped).toMatchObject({ ready: 1, problemCount: 0 })
  })

  test('likely duplicates are listed, and skipped or imported as the admin chooses', async () => {
    const { ok, clients, events } = await desk()
    const first = await ok('checkClientImport', { fileName: 'a.csv', data: base64('First Name,Last Name,DOB\nAva,Lee,1985-03-14\n') })
    await ok('runClientImport', { token: first.token!, skipDuplicates: false })
    const again = await ok('checkClientImport', { fileName: 'b.csv', data: base64('First Name,Last Name,DOB\nava,LEE,1985-03-14\nBo,Chan,1990-01-02\nBo,Chan,1990-01-02\n') })
    expect(again.duplicates).toEqual({ count: 2, items: [{ firstName: 'ava', lastName: 'LEE', dateOfBirth: '1985-03-14', alreadyHere: true }, { firstName: 'Bo', lastName: 'Chan', dateOfBirth: '1990-01-02', alreadyHere: false }] })
    expect(await ok('runClientImport', { token: again.token!, skipDuplicates: true })).toMatchObject({ imported: 1, skippedDuplicates: 2 })
    expect((await clients()).map((c) => c.first_name)).toEqual(['Ava', 'Bo'])
    expect((await events()).at(-1)!.detail).toBe(JSON.stringify({ rows: 1, file: 'b.csv', skippedDuplicates: 2 }))
  })

  test('Cancel during a large import keeps nothing; progress is told while it runs', { timeout: 120_000 }, async () => {
    const { t, ok, call, clients, events } = await desk({ demo: true })
    const rows = Array.from({ length: 30_000 }, (_, i) => `Zoë${String(i)},Ng,1980-01-${String((i % 28) + 1).padStart(2, '0')}`)
    const check = await ok('checkClientImport', { fileName: 'many.csv', data: base64(`first_name,last_name,date_of_birth\n${rows.join('\n')}\n`) })
    expect(check.ready).toBe(30_000)
    const before = { clients: (await clients()).length, events: (await events()).length }

    const running = call('runClientImport', { token: check.token!, skipDuplicates: false })
    let progress = await ok('getClientImportProgress', { token: check.token! })
    // Each poll lets the event loop turn, as the desk's timer does: the import only moves between turns.
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve))
    while (progress.done === 0) progress = await turn().then(() => ok('getClientImportProgress', { token: check.token! }))
    expect(progress).toMatchObject({ total: 30_000, running: true })
    expect(progress.done).toBeLessThan(30_000)
    expect(await ok('cancelClientImport', { token: check.token! })).toEqual({ cancelling: true })
    expect(await running).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'The import was cancelled. No client was imported.' } })
    expect((await clients()).length).toBe(before.clients)
    expect((await events()).length).toBe(before.events)
    expect(await verifyAuditChain(t.db, { key: null })).toMatchObject({ ok: true })

    // The same checked file can still be imported afterwards; a search asked meanwhile is timed for the report.
    const importing = ok('runClientImport', { token: check.token!, skipDuplicates: false })
    const searchStarted = performance.now()
    expect((await ok('listClients', { query: 'joefake' })).items).toHaveLength(1)
    console.log(`${dialect}: a search asked as a 30,000-client import started answered in ${(performance.now() - searchStarted).toFixed(0)} ms`)
    expect(await importing).toMatchObject({ imported: 30_000 })
  })

  test('when the audit trail refuses the import’s events, no client is imported (all or nothing)', async () => {
    const { t, ok, call, clients } = await desk()
    const check = await ok('checkClientImport', { fileName: 'a.csv', data: base64(REALISTIC_CSV) })
    if (dialect === 'sqlite') {
      // Not a temp trigger: that is the desk connection's own, and an import is written on another.
      await sql`create trigger refuse_import before insert on audit_events when new.action = 'clients.import' begin select raise(abort, 'audit refused'); end`.execute(t.db)
    } else {
      await sql`create function refuse_import() returns trigger language plpgsql as $$ begin if new.action = 'clients.import' then raise exception 'audit refused'; end if; return new; end $$`.execute(t.db)
      await sql`create trigger refuse_import before insert on audit_events for each row execute function refuse_import()`.execute(t.db)
    }
    expect(await call('runClientImport', { token: check.token!, skipDuplicates: false })).toMatchObject({ ok: false })
    expect(await clients()).toEqual([])
  })

  test('an Excel workbook goes through the same pipeline: first sheet, date cells and serial dates', async () => {
    const { ok, clients } = await desk()
    const workbook = xlsxFile(
      [
        ['Given Name', 'Surname', 'Birth Date', 'E-mail', 'Cell'],
        ['Zoë', "O'Brien", new Date(Date.UTC(1985, 2, 14)), 'zoe@example.com', '555-010-2001'],
        ['Thị Lan', 'Nguyễn', new Date(Date.UTC(2001, 6, 30)), null, null],
      ],
      'Clients',
      [{ name: 'Notes', rows: [['not', 'clients']] }],
    )
    const check = await ok('checkClientImport', { fileName: 'Clients.xlsx', data: base64(workbook) })
    expect(check).toMatchObject({ kind: 'xlsx', encoding: null, ready: 2, problemCount: 0, dateFormat: 'YYYY-MM-DD' })
    await ok('runClientImport', { token: check.token!, skipDuplicates: false })
    expect((await clients()).map((c) => [c.first_name, c.last_name, c.date_of_birth])).toEqual([['Zoë', "O'Brien", '1985-03-14'], ['Thị Lan', 'Nguyễn', '2001-07-30']])

    const serials = xlsxFile([['first_name', 'last_name', 'dob'], ['Ava', 'Lee', 31120], ['Bo', 'Chan', 36892]])
    const read = await ok('checkClientImport', { fileName: 'serials.xlsx', data: base64(serials) })
    expect(read).toMatchObject({ dateFormat: 'excel', ready: 2 })
    expect(read.preview.map((r) => r.dateOfBirth)).toEqual(['1985-03-14', '2001-01-01'])
  })

  test('Export clients writes UTF-8 with a BOM, portal username and state, formulas as text, and is recorded', async () => {
    const { ok, events } = await desk({ demo: true })
    const check = await ok('checkClientImport', { fileName: 'a.csv', data: base64('first_name,last_name,date_of_birth\n"=HYPERLINK(""x"")",+Plus,1990-02-03\n') })
    await ok('runClientImport', { token: check.token!, skipDuplicates: false })
    const exported = await ok('exportClients', {})
    expect(exported.csv.startsWith('\uFEFFfirst_name,last_name,preferred_name,date_of_birth,email,phone,status,portal_username,portal_state\n')).toBe(true)
    expect(exported.csv).toContain(`"'=HYPERLINK(""x"")",'+Plus,,1990-02-03,,,active,,none`)
    expect(exported.csv.trim().split('\n')).toHaveLength(exported.rows + 1)
    expect(exported.filename).toMatch(/^portico-clients-\d{4}-\d{2}-\d{2}\.csv$/)
    expect((await events()).at(-1)).toMatchObject({ action: 'clients.export', detail: JSON.stringify({ rows: exported.rows }) })
  })
})
