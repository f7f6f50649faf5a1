import { afterEach, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ClientPage } from '../../shared/dto'
import { asIntruder } from '../support/database'
import { editLeafPage } from '../support/file-pages'
import { insertManyClients } from '../support/many-clients'
import { tempDatabase, testContext } from '../support/temp-db'

/** A varint as SQLite writes them, at `at`: its value and its length. */
function varint(page: Buffer, at: number): { value: number; length: number } {
  let value = 0
  for (let i = 0; i < 9; i += 1) {
    const byte = page[at + i]!
    if (i === 8) return { value: value * 256 + byte, length: 9 }
    value = value * 128 + (byte & 0x7f)
    if (byte < 0x80) return { value, length: i + 1 }
  }
  return { value, length: 9 }
}

/**
 * Breaks one leaf page of the clients table in the file itself, as a failing disk would: its cell
 * page type is overwritten, so every row on it is unreadable while the name indexes (other pages)
 * stay sound. Returns the ids of the clients kept on that page.
 */
function breakClientsPage(path: string, holding: string): number[] {
  const ids: number[] = []
  editLeafPage(path, 'clients', (page) => {
    if (!page.includes(holding) || page[0] !== 0x0d) return false
    const cells = page.readUInt16BE(3)
    for (let c = 0; c < cells; c += 1) {
      const cell = page.readUInt16BE(8 + 2 * c)
      const size = varint(page, cell)
      ids.push(varint(page, cell + size.length).value)
    }
    page[0] = 0xee
  })
  return ids
}

let t: Awaited<ReturnType<typeof tempDatabase>>
afterEach(async () => {
  await t.close()
})

/**
 * Issue 12: "One unreadable row must not fail a whole page of 100 rows, a search and the profile".
 * SQLite only: a damaged page is a file's fault (a practice server keeps its own storage). Rows on
 * a damaged page can't be read at all; the page, the search and the other profiles still answer,
 * and the unreadable clients are named by id (their ids come from the sound name index).
 */
test('a damaged page of the clients table: the list page of 100, a search and other profiles still answer, naming the unreadable clients', async () => {
  t = await tempDatabase()
  const ids = await insertManyClients(t.db, Array.from({ length: 400 }, (_, i) => ({ firstName: i === 200 ? 'Zebedee' : `Ann${String(i)}`, lastName: `Lee${String(i).padStart(4, '0')}` })))
  const ctx = testContext(t.db)
  const call = (channel: string, input: unknown) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})
  expect(await call('listClients', { query: '', limit: 100 })).toMatchObject({ ok: true })

  await asIntruder(t.path, ['pragma wal_checkpoint(TRUNCATE)'])
  const broken = breakClientsPage(t.path, 'Zebedee')
  expect(broken).toContain(ids[200])
  // Another program's write makes this desk's connection read the file again, not its cache.
  await asIntruder(t.path, [`insert into settings (key, value) values ('test.touch', '1') on conflict(key) do update set value = '2'`])

  for (let from = 0; from < 400; from += 100) {
    const page = await call('listClients', { query: '', limit: 100, at: from })
    expect(page).toMatchObject({ ok: true })
    const items = (page as { value: ClientPage }).value.items
    expect(items).toHaveLength(100)
    for (const item of items) expect(Boolean(item.damaged)).toBe(broken.includes(item.id))
  }
  const search = await call('listClients', { query: 'zebedee' })
  expect(search).toMatchObject({ ok: true, value: { items: [{ id: ids[200], damaged: true }] } })
  const sound = ids.find((id) => !broken.includes(id))!
  expect(await call('getClient', { clientId: sound })).toMatchObject({ ok: true, value: { id: sound } })
  expect(await call('getClient', { clientId: ids[200] })).toMatchObject({ ok: false, error: { code: 'STORAGE_DAMAGED', message: expect.stringContaining(`Client #${String(ids[200])}`) } })
})
