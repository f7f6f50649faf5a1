import { join } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, type RuntimeOptions, createDeskRuntime } from '../../electron/main/runtime'
import type { StaffIdentity } from '../../shared/dto'
import { asIntruder, readDatabase } from '../support/database'
import { editLeafPage } from '../support/file-pages'
import { practiceFileForDesk } from '../support/desk-on-file'
import { insertManyClients } from '../support/many-clients'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/**
 * Issue 12, "The damage check sees what it claims to see": besides the start-up quick_check, the
 * desk runs SQLite's full `integrity_check` on a connection of its own in a worker thread, once the
 * practice's file has had no write for a while and after every backup, and tells admins what it
 * found. SQLite only, by design: a practice on a PostgreSQL server has no file at this desk (its
 * store's `integrityCheck()` answers null) and the server checks its own storage. The damage is
 * made for real: a status written past the CHECK constraint, bytes overwritten in an index's page.
 */
let folder: ReturnType<typeof tempDir>
const desks: DeskRuntime[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.dispose().catch(() => undefined)
  folder?.cleanup()
})

async function startDesk(options: Partial<RuntimeOptions> = {}): Promise<{ desk: DeskRuntime; path: string }> {
  folder = tempDir()
  const { path, rendererDir } = await practiceFileForDesk(folder.dir)
  const desk = await createDeskRuntime({ dbPath: path, deskDir: join(folder.dir, 'desk'), workstation: 'FRONT-DESK', rendererDir, portalHost: '127.0.0.1', log: () => {}, ...options })
  desk.ctx.session.staff = TEST_ADMIN
  desks.push(desk)
  return { desk, path }
}

const damageWarning = async (desk: DeskRuntime) => {
  const answer = await dispatch(handlers, desk.ctx, 'getSession', {}, { trusted: true }, () => {})
  return answer.ok ? (answer.value as { damageWarning: string | null }).damageWarning : `refused: ${answer.error.code}`
}

const someClients = (n: number) => Array.from({ length: n }, (_, i) => ({ firstName: 'Sam', lastName: `Client${String(i).padStart(6, '0')}`, email: `c${String(i)}@example.org` }))

/** Everything committed goes into the main file first, so the bytes edited there are the ones SQLite reads. */
const allInMainFile = (path: string) => asIntruder(path, ['pragma wal_checkpoint(TRUNCATE)'])

/** Overwrites the middle of a page of an index on clients in the file itself, as a failing disk would. */
async function corruptIndexPage(path: string): Promise<void> {
  await allInMainFile(path)
  editPage(path, 'clients_last_name_idx', (page) => page.fill(0xa5, 16, page.length - 16))
}

/**
 * Changes one name inside an index's page only (its table row keeps it): the page is well formed,
 * so the quick check passes it, but the index no longer matches its table.
 */
async function garbleIndexEntry(path: string, name: string): Promise<void> {
  await allInMainFile(path)
  editPage(path, 'clients_last_name_idx', (page) => {
    const at = page.indexOf(name)
    expect(at).toBeGreaterThan(0)
    page.write('X', at)
  }, name)
}

function editPage(path: string, index: string, edit: (page: Buffer) => void, holding?: string): void {
  editLeafPage(path, index, (page) => {
    if (holding && !page.includes(holding)) return false
    edit(page)
  })
}

describe('SQLite only (a server has no file at this desk): the full integrity_check in the background', () => {
  test('finds nothing on a sound file, and admins are told nothing', async () => {
    const { desk } = await startDesk()
    await insertManyClients(desk.ctx.db, someClients(500))
    const finding = await desk.fileChecks.checkPractice()
    expect(finding).toMatchObject({ subject: 'practice', problems: [] })
    expect(await damageWarning(desk)).toBeNull()
  })

  test('once the file is idle, finds a status written past its CHECK constraint; admins are told and the audit trail records it', async () => {
    const { desk, path } = await startDesk({ fileCheckIdleMs: 400, fileCheckEveryMs: 50 })
    const [id] = await insertManyClients(desk.ctx.db, someClients(50))
    await asIntruder(path, ['pragma ignore_check_constraints = 1', `update clients set status = 'bogus' where id = ${String(id)}`])
    await expect.poll(() => damageWarning(desk), { timeout: 10_000 }).toMatch(
      /^Portico found damage in this practice’s file when it checked it \(SQLite reports: CHECK constraint failed in clients\)\. Restore the newest good backup \(Settings → Backups\) or call support\.$/,
    )
    await desk.fileChecks.settled()
    const events = readDatabase(path, (db) => db.prepare(`select actor_type, actor_name, outcome, detail from audit_events where action = 'database.check'`).all())
    expect(events).toEqual([{ actor_type: 'system', actor_name: 'file-check', outcome: 'failure', detail: expect.stringContaining('CHECK constraint failed in clients') }])
    // Front-desk staff see nothing new from this.
    desk.ctx.session.staff = { id: 9, username: 'front', displayName: 'Fran', role: 'front_desk' } satisfies StaffIdentity
    expect(await damageWarning(desk)).toBeNull()
  })

  test('finds a damaged index page, and admins are told', async () => {
    const { desk, path } = await startDesk()
    await insertManyClients(desk.ctx.db, someClients(3000))
    await corruptIndexPage(path)
    const finding = await desk.fileChecks.checkPractice()
    expect(finding?.problems.length).toBeGreaterThan(0)
    expect(await damageWarning(desk)).toMatch(/^Portico found damage in this practice’s file when it checked it \(SQLite reports: .+\)\. Restore the newest good backup/)
  })

  test('after a backup: an index that no longer matches its table passes the quick check and is copied, and the full check finds it in the copy and in the practice file', async () => {
    const { desk, path } = await startDesk()
    const ids = await insertManyClients(desk.ctx.db, someClients(3000))
    await garbleIndexEntry(path, 'Client001234')
    expect(await damageWarning(desk)).toBeNull()
    const backup = await dispatch(handlers, desk.ctx, 'backupNow', {}, { trusted: true }, () => {})
    // The backup's own quick_check (before it takes its name) does not look inside indexes: it is kept.
    expect(backup).toMatchObject({ ok: true })
    const name = (backup as { value: { name: string } }).value.name
    await desk.fileChecks.settled()
    const missing = `row ${String(ids[1234])} missing from index clients_last_name_idx`
    expect(desk.fileChecks.latest.backup).toMatchObject({ subject: 'backup', name, problems: [missing] })
    // In the live file the name out of order hides its neighbours too: each is named, up to the first few.
    expect(desk.fileChecks.latest.practice?.problems[0]).toBe(missing)
    const warning = await damageWarning(desk)
    expect(warning).toContain(`Portico found damage in this practice’s file when it checked it (SQLite reports: ${missing}; `)
    expect(warning).toContain(`The backup ${name} failed SQLite’s check (${missing}), so it is not a good copy. Restore the newest good backup (Settings → Backups) or call support.`)
  })

  test('does not block: searches issued while the check reads a 200,000-client file answer in their usual time', async () => {
    const { desk } = await startDesk()
    await insertManyClients(desk.ctx.db, someClients(200_000))
    const search = async (i: number) => {
      const started = performance.now()
      const answer = await dispatch(handlers, desk.ctx, 'listClients', { query: `client${String(1000 + (i % 9000)).padStart(6, '0')}`, limit: 50 }, { trusted: true }, () => {})
      expect(answer).toMatchObject({ ok: true })
      return performance.now() - started
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const before: number[] = []
    for (let i = 0; i < 30; i++) before.push(await search(i))
    let done = false
    const checkStarted = performance.now()
    const check = desk.fileChecks.checkPractice().then((finding) => {
      done = true
      return finding
    })
    const during: number[] = []
    // Each call arrives as its own event, as IPC calls do (so the worker's answer can arrive between them).
    const nextEvent = () => new Promise<void>((resolve) => setImmediate(resolve))
    for (let i = 0; !done; i++) {
      during.push(await search(i))
      await nextEvent()
    }
    const checkMs = performance.now() - checkStarted
    expect(await check).toMatchObject({ problems: [] })
    console.log(`[file-check] 200k clients: check ${checkMs.toFixed(0)} ms; search median before ${median(before).toFixed(2)} ms, during ${median(during).toFixed(2)} ms (${String(during.length)} searches)`)
    expect(during.length).toBeGreaterThan(10)
    // A check on the main thread would hold every search for its whole length.
    expect(median(during)).toBeLessThan(Math.max(3 * median(before), median(before) + 5))
    expect(Math.max(...during)).toBeLessThan(checkMs / 2)
  }, 120_000)
})
