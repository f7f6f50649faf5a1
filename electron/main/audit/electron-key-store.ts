import { readFileSync } from 'node:fs'
import { safeStorage } from 'electron'
import { z } from 'zod'
import { AuditKeyFileError, ChainKey } from '../../../db/audit/chain-key'
import type { KeyStore } from '../../../db/audit/key-store'
import { writePrivateFile } from '../../../db/audit/private-file'

const KeysFile = z.object({
  format: z.literal('portico-desk-audit-keys'),
  version: z.literal(1),
  /** Per practice id: the key file's text, encrypted with the OS's secure storage, base64. */
  keys: z.record(z.string(), z.string()),
})
type KeysFile = z.infer<typeof KeysFile>

/**
 * The desk's own keeper of practices' audit keys: a file in its config folder (userData) holding
 * each key encrypted with Electron's `safeStorage` (the OS keychain, DPAPI or the Linux secret
 * service), so the key is not readable from the file alone. Only usable once the app is ready.
 */
export class ElectronKeyStore implements KeyStore {
  readonly where = 'this desk’s encrypted settings'

  constructor(readonly file: string) {}

  #read(): KeysFile {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch {
      return { format: 'portico-desk-audit-keys', version: 1, keys: {} }
    }
    let parsed: ReturnType<typeof KeysFile.safeParse> | null = null
    try {
      parsed = KeysFile.safeParse(JSON.parse(text))
    } catch {
      // Not JSON at all: damaged like any other unreadable file.
    }
    if (!parsed?.success) throw new AuditKeyFileError('This desk’s file of audit keys is damaged. Keep it as it is and contact your IT support.')
    return parsed.data
  }

  async load(practiceId: string): Promise<ChainKey | null> {
    const sealed = this.#read().keys[practiceId]
    if (!sealed) return null
    let text: string
    try {
      text = safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      // The OS's secure storage changed (another user, a reinstalled system): import the key again.
      return null
    }
    const key = ChainKey.fromKeyFile(text)
    return key.practiceId === practiceId ? key : null
  }

  async save(key: ChainKey): Promise<void> {
    if (!safeStorage.isEncryptionAvailable()) {
      throw new AuditKeyFileError('This computer’s secure storage is not available, so Portico cannot keep the practice’s audit key safely. Nothing was changed.')
    }
    const file = this.#read()
    const existing = await this.load(key.practiceId)
    if (existing?.keyId === key.keyId) return
    if (file.keys[key.practiceId]) throw new AuditKeyFileError('This desk already keeps a different audit key for this practice; it was left as it is.')
    file.keys[key.practiceId] = safeStorage.encryptString(key.toKeyFile()).toString('base64')
    writePrivateFile(this.file, `${JSON.stringify(file, null, 2)}\n`)
  }
}
