import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import { passwordLengthProblem } from '../../../shared/password-rules'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>

/** scrypt at N=2^17, r=8, p=1 (OWASP's floor). It needs 128 MiB, above Node's 32 MiB default. */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32, maxmem: 256 * 1024 * 1024 } as const

/** `scrypt$N$r$p$salt$hash`, so stronger settings can be introduced without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password.normalize('NFKC'), salt, SCRYPT.keyLength, SCRYPT)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const actual = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  })
  return timingSafeEqual(actual, expected)
}

let dummyHash: Promise<string> | undefined
/**
 * Spends the same time as checking a real password, for usernames that don't exist, so the answer's
 * timing doesn't tell an unknown username from a wrong password.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'))
  await verifyPassword(password, await dummyHash)
  return false
}

let strength: ZxcvbnFactory | undefined
/**
 * Why a new password isn't acceptable, or null. Length first, then zxcvbn-ts with its common and
 * English dictionaries (common passwords, names, keyboard walks), counting the client's own
 * username and name against it.
 */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  const length = passwordLengthProblem(password)
  if (length) return length
  strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  })
  const result = strength.check(password.slice(0, 100), personal.filter(Boolean))
  if (result.score >= 3) return null
  const why = result.feedback.warning ?? 'It would be easy to guess.'
  return `Choose a harder-to-guess password. ${why} A few unrelated words make a strong one.`
}
