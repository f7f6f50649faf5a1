import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { AuditKeyFileError, ChainKey } from './chain-key'
import { databaseIdentity, isServerUrl } from '../dialect/target'
import { defaultAnchorDir } from './chain-head'
import { writePrivateFile } from './private-file'

/**
 * Where a desk or a host keeps practices' audit keys. Loading sits behind this interface so that a
 * desk connecting to a shared practice database later asks for the key once, whatever keeps it:
 * the desk's encrypted config (Electron `safeStorage`) or a key file.
 */
export interface KeyStore {
  /** Where keys are kept, in words for messages. Never the key itself. */
  readonly where: string
  /** The practice's key, or null when this store has none. @throws AuditKeyFileError when unusable */
  load(practiceId: string): Promise<ChainKey | null>
  /** Keeps a key. Never replaces a different key of the same practice. */
  save(key: ChainKey): Promise<void>
}

/**
 * The key file the hosts and CLIs use unless told (`--key`): `portico.audit-key` beside a database
 * file; for a server database, a file named after the server and database in `serverKeysDir`
 * (the per-user anchor folder's `keys/`), since a server has no folder beside it.
 */
export function keyFileBeside(dbPath: string, serverKeysDir: string = join(defaultAnchorDir(), 'keys')): string {
  if (!isServerUrl(dbPath)) return join(dirname(dbPath), 'portico.audit-key')
  const name = createHash('sha256').update(databaseIdentity(dbPath)).digest('hex').slice(0, 32)
  return join(serverKeysDir, `${name}.audit-key`)
}

/** One practice's key in one file (mode 0600): beside the database, or anywhere given by path. */
export class FileKeyStore implements KeyStore {
  constructor(readonly path: string) {}

  get where(): string {
    return `the key file ${this.path}`
  }

  /** The key in the file, whatever its practice; null when there is no file. */
  read(): ChainKey | null {
    if (!existsSync(this.path)) return null
    let text: string
    try {
      text = readFileSync(this.path, 'utf8')
    } catch {
      throw new AuditKeyFileError(`The audit key file ${this.path} could not be read.`)
    }
    return ChainKey.fromKeyFile(text)
  }

  async load(practiceId: string): Promise<ChainKey | null> {
    const key = this.read()
    if (key && key.practiceId !== practiceId) {
      throw new AuditKeyFileError(`The audit key file ${this.path} belongs to another practice (${key.practiceId}), not to this database's (${practiceId}).`)
    }
    return key
  }

  async save(key: ChainKey): Promise<void> {
    const existing = this.read()
    if (existing && existing.keyId === key.keyId) return
    if (existing) throw new AuditKeyFileError(`There is already a different audit key in ${this.path}; it was left as it is.`)
    try {
      writePrivateFile(this.path, key.toKeyFile())
    } catch {
      throw new AuditKeyFileError(`The audit key file ${this.path} could not be written.`)
    }
  }
}

/**
 * A store that, when it lacks a practice's key, imports it once from a key file (an exported key
 * put beside the database) and keeps it from then on.
 */
export function importingKeyStore(store: KeyStore, importFrom: FileKeyStore): KeyStore {
  return {
    where: `${store.where} (or, to import it, ${importFrom.where})`,
    async load(practiceId) {
      const kept = await store.load(practiceId)
      if (kept) return kept
      const imported = existsSync(importFrom.path) ? await importFrom.load(practiceId) : null
      if (imported) await store.save(imported)
      return imported
    },
    save: (key) => store.save(key),
  }
}
