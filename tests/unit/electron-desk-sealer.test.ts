import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { tempDir } from '../support/temp-db'

/** Electron's safeStorage at the seam: a reversible scrambling standing in for the OS keychain. */
const storage = vi.hoisted(() => ({ available: true }))
vi.mock('electron', () => {
  const scramble = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a))
  return {
    safeStorage: {
      isEncryptionAvailable: () => storage.available,
      encryptString: (text: string) => Buffer.concat([Buffer.from('sealed:'), scramble(Buffer.from(text))]),
      decryptString: (sealed: Buffer) => {
        if (!sealed.subarray(0, 7).equals(Buffer.from('sealed:'))) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
        return scramble(sealed.subarray(7)).toString()
      },
    },
  }
})
const { electronSealer } = await import('../../electron/main/desk/electron-sealer')
const { DeskConfigStore } = await import('../../electron/main/desk/desk-config')

const SERVER = { host: '192.168.1.20', port: 5432, database: 'portico', user: 'front_desk', password: 'p@ss:word/with?odd#chars', tls: 'off' as const }

let folder: ReturnType<typeof tempDir>
beforeEach(() => {
  folder = tempDir()
  storage.available = true
})
afterEach(() => folder.cleanup())

describe('the app keeps the practice server’s password with safeStorage', () => {
  test('sealed in the desk’s config, never as typed, and opened again at the next start', () => {
    const file = join(folder.dir, 'portico-desk.json')
    new DeskConfigStore(file, electronSealer).useServer(SERVER)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(SERVER.password)
    expect(Buffer.from(JSON.parse(text).database.sealedPassword, 'base64').subarray(0, 7).toString()).toBe('sealed:')
    expect(new DeskConfigStore(file, electronSealer).server()).toEqual({ settings: SERVER, passwordProblem: null })
  })

  test('without the OS’s secure storage the server is refused, and nothing is written', () => {
    storage.available = false
    const config = new DeskConfigStore(join(folder.dir, 'portico-desk.json'), electronSealer)
    expect(config.cannotKeepPasswords).toBe(true)
    expect(() => config.useServer(SERVER)).toThrow(/secure storage is not available/)
    expect(config.get().database).toBeNull()
  })
})
