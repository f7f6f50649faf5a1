import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { inspect } from 'node:util'
import { z } from 'zod'

/** A practice id: a UUID, so it is safe in a file name and never says anything about the practice. */
export const PracticeId = z.uuid()

const KeyFile = z.strictObject({
  format: z.literal('portico-audit-key'),
  version: z.literal(1),
  practiceId: PracticeId,
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  key: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
})

/** A key file that can't be used: unreadable, not a key file, damaged, or another practice's. */
export class AuditKeyFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AuditKeyFileError'
  }
}

/**
 * A practice's audit key: 32 random bytes that every keyed event's hash is an HMAC with. It belongs
 * to the practice, not to a database file, and is never stored in the database. The secret stays
 * inside this object: it is not printed, logged or serialised, except by `toKeyFile` (export).
 */
export class ChainKey {
  readonly #secret: Buffer
  /**
   * Names the key without revealing it: events record it, so a verifier can tell "the wrong key"
   * from "a rewritten event".
   */
  readonly keyId: string

  private constructor(
    readonly practiceId: string,
    secret: Buffer,
  ) {
    this.#secret = secret
    this.keyId = this.mac('portico-audit-key-id').slice(0, 16)
  }

  /** A new key for a practice, made when the practice is first opened by a keyed Portico. */
  static generate(practiceId: string = randomUUID()): ChainKey {
    return new ChainKey(PracticeId.parse(practiceId), randomBytes(32))
  }

  /** Reads an exported key file (see `toKeyFile`). @throws AuditKeyFileError */
  static fromKeyFile(text: string): ChainKey {
    let parsed: z.infer<typeof KeyFile>
    try {
      parsed = KeyFile.parse(JSON.parse(text))
    } catch {
      throw new AuditKeyFileError('This is not a Portico audit key file, or it is damaged.')
    }
    const key = new ChainKey(parsed.practiceId, Buffer.from(parsed.key, 'base64url'))
    if (!timingSafeEqual(Buffer.from(key.keyId), Buffer.from(parsed.keyId))) {
      throw new AuditKeyFileError('This audit key file is damaged: its key does not match its key id.')
    }
    return key
  }

  /** HMAC-SHA-256 of `text` with this key, as hex. */
  mac(text: string): string {
    return createHmac('sha256', this.#secret).update(text).digest('hex')
  }

  /** The key as a file, to export it (and import it at another desk of the same practice). */
  toKeyFile(): string {
    const file: z.infer<typeof KeyFile> = { format: 'portico-audit-key', version: 1, practiceId: this.practiceId, keyId: this.keyId, key: this.#secret.toString('base64url') }
    return `${JSON.stringify(file, null, 2)}\n`
  }

  toJSON(): { practiceId: string; keyId: string } {
    return { practiceId: this.practiceId, keyId: this.keyId }
  }

  [inspect.custom](): string {
    return `ChainKey { practiceId: '${this.practiceId}', keyId: '${this.keyId}' }`
  }
}
