import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { FileAnchorStore } from '../../db/audit/chain-head'
import { ChainKey } from '../../db/audit/chain-key'
import { FileKeyStore, importingKeyStore } from '../../db/audit/key-store'
import { tempDir } from '../support/temp-db'

/** Electron's safeStorage at the seam: a reversible scrambling standing in for the OS keychain. */
const storage = vi.hoisted(() => ({ available: true, broken: false }))
vi.mock('electron', () => {
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a))
  return {
    safeStorage: {
      isEncryptionAvailable: () => storage.available,
      encryptString: (text: string) => Buffer.concat([Buffer.from('sealed:'), scramble(Buffer.from(text))]),
      decryptString: (sealed: Buffer) => {
        if (storage.broken || !sealed.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
        return scramble(sealed.subarray(7)).toString()
      },
    },
  }
})
const { ElectronKeyStore } = await import('../../electron/main/audit/electron-key-store')
const { createDeskRuntime } = await import('../../electron/main/runtime')

let folder: ReturnType<typeof tempDir>
let file: string
beforeEach(() => {
  folder = tempDir()
  file = join(folder.dir, 'audit-keys.json')
  storage.available = true
  storage.broken = false
})
afterEach(() => folder.cleanup())

const secretOf = (key: ChainKey) => JSON.parse(key.toKeyFile()).key as string

describe('the desk keeps the practice’s audit key with safeStorage', () => {
  test('a key is kept encrypted in the desk’s config and read back', async () => {
    const key = ChainKey.generate()
    await new ElectronKeyStore(file).save(key)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(secretOf(key))
    expect(text).not.toContain('portico-audit-key')
    expect(JSON.parse(text)).toMatchObject({ format: 'portico-desk-audit-keys', keys: { [key.practiceId]: expect.any(String) } })
    if (process.platform !== 'win32') expect((await import('node:fs')).statSync(file).mode & 0o777).toBe(0o600)

    const loaded = await new ElectronKeyStore(file).load(key.practiceId)
    expect(loaded?.keyId).toBe(key.keyId)
    expect(loaded?.mac('x')).toBe(key.mac('x'))
    expect(await new ElectronKeyStore(file).load(ChainKey.generate().practiceId)).toBeNull()
  })

  test('without the OS’s secure storage no key is kept, and nothing is written', async () => {
    storage.available = false
    await expect(new ElectronKeyStore(file).save(ChainKey.generate())).rejects.toThrow(/secure storage is not available/)
    expect(existsSync(file)).toBe(false)
  })

  test('a different key for the same practice is never written over the kept one', async () => {
    const key = ChainKey.generate()
    const store = new ElectronKeyStore(file)
    await store.save(key)
    await store.save(key)
    await expect(store.save(ChainKey.generate(key.practiceId))).rejects.toThrow(/already keeps a different audit key/)
    expect((await store.load(key.practiceId))?.keyId).toBe(key.keyId)
  })

  test('a key the OS can no longer decrypt counts as missing, so it can be imported again', async () => {
    const key = ChainKey.generate()
    await new ElectronKeyStore(file).save(key)
    storage.broken = true
    expect(await new ElectronKeyStore(file).load(key.practiceId)).toBeNull()
  })

  test('a desk without the key imports it once from a key file beside the database', async () => {
    const key = ChainKey.generate()
    const keyFile = join(folder.dir, 'portico.audit-key')
    writeFileSync(keyFile, key.toKeyFile())
    const desk = importingKeyStore(new ElectronKeyStore(file), new FileKeyStore(keyFile))
    expect((await desk.load(key.practiceId))?.keyId).toBe(key.keyId)
    expect((await new ElectronKeyStore(file).load(key.practiceId))?.keyId).toBe(key.keyId)
  })

  test('a damaged keys file is refused with a plain message', async () => {
    writeFileSync(file, JSON.stringify({ format: 'something-else' }))
    await expect(new ElectronKeyStore(file).load(ChainKey.generate().practiceId)).rejects.toThrow(/file of audit keys is damaged/)
    writeFileSync(file, '{ half a fil')
    await expect(new ElectronKeyStore(file).load(ChainKey.generate().practiceId)).rejects.toThrow(/file of audit keys is damaged/)
  })

  test('a desk whose secure storage is unavailable still starts, unkeyed, tells admins, and keys the chain once it is back', async () => {
    const dbPath = join(folder.dir, 'portico.sqlite3')
    const rendererDir = join(folder.dir, 'renderer')
    const start = () =>
      createDeskRuntime({
        dbPath,
        workstation: 'test-desk',
        rendererDir,
        portalHost: '127.0.0.1',
        log: () => {},
        audit: { keys: new ElectronKeyStore(file), anchors: new FileAnchorStore(join(folder.dir, 'audit-anchors')) },
      })
    const keyedEvents = () => {
      const sqlite = new SqliteDatabase(dbPath, { readonly: true })
      try {
        return sqlite.prepare('select count(*) from audit_events where key_id is not null').pluck().get()
      } finally {
        sqlite.close()
      }
    }
    storage.available = false
    const first = await start()
    expect(first.ctx.session.auditWarning).toMatch(/could not keep the practice’s audit key on this computer \(This computer’s secure storage is not available.*not keyed yet/)
    await first.dispose()
    expect(keyedEvents()).toBe(0)

    storage.available = true
    const second = await start()
    expect(second.ctx.session.auditWarning).toBeNull()
    await second.dispose()
    expect(keyedEvents()).toBe(1)
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).not.toEqual({})
  })
})
