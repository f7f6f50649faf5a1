import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { answerWith } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { registerIpc } from '../../electron/main/ipc'
import { createDeskRuntime } from '../../electron/main/runtime'
import { tempDir } from '../support/temp-db'

let folder: ReturnType<typeof tempDir>
let rendererDir: string
beforeEach(() => {
  folder = tempDir()
  rendererDir = join(folder.dir, 'renderer')
  mkdirSync(rendererDir, { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
})
afterEach(() => folder.cleanup())

const start = () => createDeskRuntime({ dbPath: join(folder.dir, 'portico.sqlite3'), workstation: 'test-desk', rendererDir, portalHost: '127.0.0.1', log: () => {} })

describe('the runtime knows when a write is in flight (real SQLite file)', () => {
  test('an open BEGIN IMMEDIATE transaction counts as a write; a committed one no longer does', async () => {
    const runtime = await start()
    try {
      expect(runtime.writes.busy).toBe(false)
      let busyInside = false
      await runtime.ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('settings').values({ key: 'test.key', value: '1' }).execute()
        busyInside = runtime.writes.busy
      })
      expect(busyInside).toBe(true)
      expect(runtime.writes.busy).toBe(false)
    } finally {
      await runtime.dispose()
    }
  })

  test('IPC calls registered with the gate count as writes while they run', async () => {
    const runtime = await start()
    try {
      const handle = vi.fn()
      registerIpc({ handle }, answerWith(handlers, runtime.ctx, runtime.writes), () => true)
      const listener = handle.mock.calls.find((c) => c[0] === 'portico:getSession')?.[1] as (event: unknown, input: unknown) => Promise<unknown>
      const answer = listener({}, {})
      expect(runtime.writes.busy).toBe(true)
      await expect(answer).resolves.toMatchObject({ ok: true })
      expect(runtime.writes.busy).toBe(false)
    } finally {
      await runtime.dispose()
    }
  })

  test('the backup before an update lands, checked, in the default folder and is audited', async () => {
    const runtime = await start()
    try {
      const { name } = await runtime.backupToDefaultFolder()
      expect(readdirSync(join(folder.dir, 'backups'))).toContain(name)
      const events = await runtime.ctx.db.selectFrom('audit_events').select(['action', 'actor_type', 'detail']).where('action', '=', 'backup.create').execute()
      expect(events).toEqual([{ action: 'backup.create', actor_type: 'system', detail: expect.stringContaining('before-update') }])
    } finally {
      await runtime.dispose()
    }
  })
})
