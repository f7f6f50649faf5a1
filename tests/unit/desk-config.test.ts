import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DeskConfigError, DeskConfigStore, type SecretSealer } from '../../electron/main/desk/desk-config'
import { tempDir } from '../support/temp-db'

/** The OS's secure storage at the seam: a reversible scrambling that can be switched off or broken. */
function fakeSealer(): SecretSealer & { isAvailable: boolean; broken: boolean } {
  const scramble = (text: string) => Buffer.from(Buffer.from(text).map((b) => b ^ 0x5a)).toString('base64')
  return {
    isAvailable: true,
    broken: false,
    available() {
      return this.isAvailable
    },
    seal: (text) => `sealed:${scramble(text)}`,
    open(sealed) {
      if (this.broken || !sealed.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.')
      return Buffer.from(Buffer.from(sealed.slice(7), 'base64').map((b) => b ^ 0x5a)).toString()
    },
  }
}

const SERVER = { host: 'db.office.example', port: 5432, database: 'portico', user: 'portico_desk', password: 'correct horse battery staple', tls: 'require' as const }

let folder: ReturnType<typeof tempDir>
let file: string
beforeEach(() => {
  folder = tempDir()
  file = join(folder.dir, 'portico-desk.json')
})
afterEach(() => folder.cleanup())

describe('this computer’s own settings file', () => {
  test('without a file: the defaults, and nothing is written until something changes', () => {
    const config = new DeskConfigStore(file)
    expect(config.get()).toEqual({ portal: { serve: false, port: 5181 }, backupFolder: '', database: null, lastServer: null, carriedOver: false, portalAddress: null })
    expect(config.problem).toBeNull()
    expect(existsSync(file)).toBe(false)
  })

  test('a change is written whole, readable by its owner only, and read back by the next start', () => {
    const config = new DeskConfigStore(file)
    config.setPortal({ serve: true, port: 5190 })
    config.setBackupFolder('/srv/backups/front-desk')
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ format: 'portico-desk-config', version: 1, portal: { serve: true, port: 5190 }, backupFolder: '/srv/backups/front-desk' })
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600)
    // Written through a temporary file renamed into place: none is left behind.
    expect(readdirSync(folder.dir)).toEqual(['portico-desk.json'])
    expect(new DeskConfigStore(file).get()).toMatchObject({ portal: { serve: true, port: 5190 }, backupFolder: '/srv/backups/front-desk' })
  })

  test.each([
    ['half a file', '{ "format": "portico-desk-config", "vers'],
    ['the wrong shape', JSON.stringify({ format: 'portico-desk-config', version: 1, portal: { serve: 'yes' } })],
    ['a newer format', JSON.stringify({ format: 'portico-desk-config', version: 2 })],
  ])('%s: the defaults and a plain message, never a crash; the file is kept aside when settings are next saved', (_what, text) => {
    writeFileSync(file, text)
    const config = new DeskConfigStore(file)
    expect(config.get()).toEqual({ portal: { serve: false, port: 5181 }, backupFolder: '', database: null, lastServer: null, carriedOver: false, portalAddress: null })
    expect(config.problem).toMatch(/could not read this computer’s settings file .*portico-desk\.json.*started with the defaults/)
    config.setPortal({ serve: true, port: 5200 })
    const aside = readdirSync(folder.dir).filter((name) => name.startsWith('portico-desk.json.unreadable-'))
    expect(aside).toHaveLength(1)
    expect(readFileSync(join(folder.dir, aside[0]!), 'utf8')).toBe(text)
    expect(new DeskConfigStore(file).get().portal).toEqual({ serve: true, port: 5200 })
  })

  test('a file that can’t be written: a plain message, and the settings in use stay as they were', () => {
    // Its folder is a file: a real write failure, even for root.
    writeFileSync(join(folder.dir, 'not-a-folder'), '')
    const config = new DeskConfigStore(join(folder.dir, 'not-a-folder', 'portico-desk.json'))
    expect(() => config.setPortal({ serve: true, port: 5200 })).toThrow(DeskConfigError)
    expect(() => config.setPortal({ serve: true, port: 5200 })).toThrow(/could not save this computer’s settings .*Nothing was changed/)
    expect(config.get().portal).toEqual({ serve: false, port: 5181 })
  })

  test('a server’s password is sealed with the OS’s secure storage: never in the file as typed, read back here', () => {
    const sealer = fakeSealer()
    new DeskConfigStore(file, sealer).useServer(SERVER)
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(SERVER.password)
    expect(JSON.parse(text).database).toMatchObject({ engine: 'postgres', host: SERVER.host, port: 5432, database: 'portico', user: 'portico_desk', tls: 'require', sealedPassword: expect.stringMatching(/^sealed:/) })
    const again = new DeskConfigStore(file, sealer)
    expect(again.get().database).toEqual({ engine: 'postgres', host: SERVER.host, port: 5432, database: 'portico', user: 'portico_desk', tls: 'require', passwordKept: true })
    expect(again.server()).toEqual({ settings: SERVER, passwordProblem: null })
  })

  test('without secure storage the server is not kept at all; where it can no longer be opened, the password counts as missing', () => {
    const sealer = fakeSealer()
    sealer.isAvailable = false
    expect(() => new DeskConfigStore(file, sealer).useServer(SERVER)).toThrow(/secure storage is not available.*Nothing was changed/)
    expect(existsSync(file)).toBe(false)

    sealer.isAvailable = true
    new DeskConfigStore(file, sealer).useServer(SERVER)
    sealer.broken = true
    expect(new DeskConfigStore(file, sealer).server()).toEqual({ settings: { ...SERVER, password: '' }, passwordProblem: expect.stringMatching(/can no longer read the saved password.*Enter it again/) })
  })

  test('a desk with no sealer (the browser host) keeps the connection but never the password', () => {
    new DeskConfigStore(file).useServer(SERVER)
    expect(readFileSync(file, 'utf8')).not.toContain(SERVER.password)
    const again = new DeskConfigStore(file)
    expect(again.get().database).toMatchObject({ engine: 'postgres', passwordKept: false })
    expect(again.server()).toEqual({ settings: { ...SERVER, password: '' }, passwordProblem: expect.stringMatching(/No password/) })
    again.useFile('/data/portico.sqlite3')
    // Back on a file, the server it used is remembered for the form (still without a password).
    expect(new DeskConfigStore(file).get()).toMatchObject({ database: { engine: 'sqlite', file: '/data/portico.sqlite3' }, lastServer: { host: SERVER.host, passwordKept: false } })
  })
})
