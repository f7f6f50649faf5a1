import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { FileAnchorStore } from '../../db/audit/chain-head'
import { FileKeyStore, keyFileBeside } from '../../db/audit/key-store'
import { openDatabase } from '../../db/connection'
import { putSetting } from '../../db/repositories/settings.repository'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { freePort } from '../support/postgres-server'
import { TEST_ADMIN, newDatabaseTarget, tempDir } from '../support/temp-db'

let folder: ReturnType<typeof tempDir>
let rendererDir: string
const running: DeskRuntime[] = []
const drops: (() => Promise<void>)[] = []
beforeEach(() => {
  folder = tempDir()
  rendererDir = join(folder.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
})
afterEach(async () => {
  for (const runtime of running.splice(0)) await runtime.dispose().catch(() => undefined)
  for (const drop of drops.splice(0)) await drop()
  folder.cleanup()
})

/**
 * A desk on `target` with a folder of its own, as on its own computer: its config, its recorded
 * audit heads. The practice's key is the one key file every desk of this test reads.
 */
async function startDesk(name: string, target: string): Promise<DeskRuntime> {
  const deskDir = join(folder.dir, name)
  mkdirSync(deskDir, { recursive: true })
  const runtime = await createDeskRuntime({
    dbPath: target,
    deskDir,
    workstation: name,
    rendererDir,
    portalHost: '127.0.0.1',
    log: () => {},
    audit: (path) => ({ keys: new FileKeyStore(keyFileBeside(path, join(folder.dir, 'keys'))), anchors: new FileAnchorStore(join(deskDir, 'audit-anchors')) }),
  })
  running.push(runtime)
  runtime.ctx.session.staff = TEST_ADMIN
  return runtime
}

async function stopDesk(runtime: DeskRuntime): Promise<void> {
  running.splice(running.indexOf(runtime), 1)
  await runtime.dispose()
}

async function ok<K extends ChannelName>(desk: DeskRuntime, channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
  const result = (await dispatch(handlers, desk.ctx, channel, input, { trusted: true }, () => {})) as Result<ChannelOutput<K>>
  if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
  return result.value
}

const deskConfigOf = (name: string) => {
  const file = join(folder.dir, name, 'portico-desk.json')
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { portal: { serve: boolean; port: number }; backupFolder: string }) : null
}

async function practiceOn(dialect: (typeof DIALECTS)[number]): Promise<string> {
  const { target, drop } = await newDatabaseTarget(dialect, folder.dir)
  drops.push(drop)
  const { db } = await openDatabase(target)
  await insertStaff(db, { username: TEST_ADMIN.username, usernameKey: TEST_ADMIN.username, displayName: TEST_ADMIN.displayName, role: 'admin', passwordHash: 'x', now: new Date().toISOString() })
  await db.destroy()
  return target
}

describe.each(DIALECTS)('two desks on one %s database', (dialect) => {
  test('desk A serves the portal on its port; desk B’s portal stays off, and each keeps its own backup folder', async () => {
    const target = await practiceOn(dialect)
    const a = await startDesk('desk-a', target)
    const b = await startDesk('desk-b', target)
    const port = await freePort()

    expect(await ok(a, 'setPortalServer', { enabled: true, port })).toMatchObject({ enabled: true, running: true, port })
    expect(await ok(b, 'getPortalServer', {})).toMatchObject({ enabled: false, running: false, port: 5181 })
    expect(deskConfigOf('desk-a')?.portal).toEqual({ serve: true, port })
    expect(deskConfigOf('desk-b')?.portal ?? { serve: false }).toMatchObject({ serve: false })

    const folderA = join(folder.dir, 'desk-a', 'backups-here')
    await ok(a, 'updateDeskSettings', { settings: { idleLockMinutes: 7, backupFolder: folderA } })
    const atB = await ok(b, 'getDeskSettings', {})
    // The lock minutes are the practice’s; the backup folder is each computer’s own.
    expect(atB.idleLockMinutes).toBe(7)
    expect(atB.backupFolder).not.toBe(folderA)
    expect(deskConfigOf('desk-a')?.backupFolder).toBe(folderA)

    // Started again, B still does not serve A’s portal (the shared settings are not read for it)…
    await stopDesk(b)
    const bAgain = await startDesk('desk-b', target)
    expect(await ok(bAgain, 'getPortalServer', {})).toMatchObject({ enabled: false, running: false })
    // …and A, started again, serves it as it was left.
    await stopDesk(a)
    const aAgain = await startDesk('desk-a', target)
    expect(await ok(aAgain, 'getPortalServer', {})).toMatchObject({ enabled: true, running: true, port })
    const shared = await aAgain.ctx.db.selectFrom('settings').select('key').where('key', 'in', ['portal.serve', 'portal.port', 'backup.folder']).execute()
    expect(shared).toEqual([])
  })
})

describe('a desk upgraded from a version that kept its own settings in the database', () => {
  test('from a file: its portal, port and backup folder are carried over once; the shared rows are not read again', async () => {
    const target = await practiceOn('sqlite')
    const port = await freePort()
    const chosen = join(folder.dir, 'chosen-backups')
    const { db } = await openDatabase(target)
    await putSetting(db, 'portal.serve', 'on')
    await putSetting(db, 'portal.port', String(port))
    await putSetting(db, 'backup.folder', chosen)
    await db.destroy()

    const desk = await startDesk('desk', target)
    expect(await ok(desk, 'getPortalServer', {})).toMatchObject({ enabled: true, running: true, port })
    expect(await ok(desk, 'getDeskSettings', {})).toMatchObject({ backupFolder: chosen })
    expect(deskConfigOf('desk')).toMatchObject({ portal: { serve: true, port }, backupFolder: chosen, carriedOver: true })

    await ok(desk, 'setPortalServer', { enabled: false, port })
    await stopDesk(desk)
    const again = await startDesk('desk', target)
    // The shared row still says "on"; this desk’s own setting, now off, is what counts.
    expect(await ok(again, 'getPortalServer', {})).toMatchObject({ enabled: false, running: false })
  })

  test.skipIf(!DIALECTS.includes('postgres'))('on a server: the shared rows belong to no desk, so a new desk does not serve the portal they name', async () => {
    const target = await practiceOn('postgres')
    const { db } = await openDatabase(target)
    await putSetting(db, 'portal.serve', 'on')
    await putSetting(db, 'portal.port', String(await freePort()))
    await db.destroy()

    const desk = await startDesk('desk', target)
    expect(await ok(desk, 'getPortalServer', {})).toMatchObject({ enabled: false, running: false, port: 5181 })
    expect(deskConfigOf('desk')).toMatchObject({ portal: { serve: false }, carriedOver: true })
  })
})
