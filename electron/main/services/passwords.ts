import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import pLimit from 'p-limit'
import { AppError } from '../app-error'
import { ZxcvbnFactory } from '@zxcvbn-ts/core'
import * as common from '@zxcvbn-ts/language-common'
import * as english from '@zxcvbn-ts/language-en'
import { passwordLengthProblem } from '../../../shared/password-rules'
import { type PersonalWord, describeKinds } from './personal-words'

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>

/** scrypt at N=2^17, r=8, p=1 (OWASP's floor). It needs 128 MiB, above Node's 32 MiB default. */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 32, maxmem: 256 * 1024 * 1024 } as const

/** The scrypt settings a new hash is made with. */
export type ScryptCost = { N: number; r: number; p: number; keyLength: number; maxmem: number }

let cost: ScryptCost = SCRYPT

/**
 * The settings new hashes use: SCRYPT unless a test of something other than hashing asked for a
 * cheaper one (the app never calls this). Checking reads the settings from the stored hash, so
 * the code path is the same at any cost; SCRYPT itself is pinned by tests/unit/passwords.test.ts.
 */
export function setPasswordHashingCost(next: ScryptCost): void {
  cost = next
}

/** `scrypt$N$r$p$salt$hash`, so stronger settings can be introduced without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const hash = await scryptAsync(password.normalize('NFKC'), salt, cost.keyLength, cost)
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), hash.toString('base64')].join('$')
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

/**
 * Password work the client portal may have in progress at once, and waiting. scrypt runs on
 * libuv's thread pool (4 threads): capped at 2, the portal can never fill it, so a staff member's
 * sign-in or unlock at the desk starts at once however many clients sign in (50 at once used to
 * hold it for 10 s). Beyond the queue, a client is told the portal is busy, at once. The queue
 * holds 7 checks per running one, so the last waits a few seconds: with 48 waiting, a busy machine
 * (1–1.5 s a check) kept the last clients over 30 s, and the portal's idle timeout then dropped
 * their connection with no answer at all.
 */
export const PORTAL_PASSWORD_WORK = { running: 2, waiting: 14 } as const
const portalLane = pLimit(PORTAL_PASSWORD_WORK.running)

/**
 * Refuses a portal request that needs a password check while the lane's queue is full: at its
 * start, before it claims a sign-in attempt, so a refused client is not held or counted.
 */
export function refuseWhenPortalBusy(): void {
  if (portalLane.pendingCount >= PORTAL_PASSWORD_WORK.waiting) throw new AppError('RATE_LIMITED', 'The client portal is busy right now. Please try again in a moment.')
}

/** Runs the portal's password work (`verifyPassword`, `hashPassword`) in its own lane. */
export function inPortalLane<T>(work: () => Promise<T>): Promise<T> {
  return portalLane(work)
}

let dummy: { cost: ScryptCost; hash: Promise<string> } | undefined
/**
 * Spends the same time as checking a real password, for usernames that don't exist, so the answer's
 * timing doesn't tell an unknown username from a wrong password. Made again if the cost changes.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  if (dummy?.cost !== cost) dummy = { cost, hash: hashPassword(randomBytes(24).toString('base64')) }
  await verifyPassword(password, await dummy.hash)
  return false
}

let strength: ZxcvbnFactory | undefined
function strengthChecker(): ZxcvbnFactory {
  strength ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  })
  return strength
}

/** The score zxcvbn-ts must give (0–4): 3 is "safely unguessable" against an online attack. */
export const MIN_PASSWORD_SCORE = 3

/**
 * Why a new password isn't acceptable, or null. Length first, then zxcvbn-ts with its common and
 * English dictionaries (common passwords, names, keyboard walks) and every personal word the
 * practice holds about the person (see personal-words.ts). Anything below score 3 is refused. A
 * password that leans on personal words must also be strong without them: someone who knows the
 * client knows those words, so `JoeFake1985!!` is judged by its `!!`.
 */
export function passwordProblem(password: string, personal: PersonalWord[] = []): string | null {
  const length = passwordLengthProblem(password)
  if (length) return length
  const checker = strengthChecker()
  const inputs = personal.map((p) => p.word)
  const candidate = password.slice(0, 100)
  const result = checker.check(candidate, inputs)
  // A personal word may be matched from zxcvbn's own lists ("summer" is one of its seasons): it counts all the same.
  const kindOf = new Map(personal.map((p) => [p.word, p.kind]))
  const used = result.sequence.filter((m) => m.pattern === 'dictionary' && kindOf.has(String(m.matchedWord)))
  const kinds = used.map((m) => kindOf.get(String(m.matchedWord))!)
  let remainderWeak = false
  if (used.length > 0) {
    let rest = ''
    let at = 0
    for (const m of used) {
      rest += candidate.slice(at, m.i)
      at = m.j + 1
    }
    rest += candidate.slice(at)
    remainderWeak = checker.check(rest, inputs).score < MIN_PASSWORD_SCORE
  }
  if (result.score >= MIN_PASSWORD_SCORE && !remainderWeak) return null
  if (kinds.length > 0) {
    return `Choose a password that isn’t built from ${describeKinds(kinds)}: people who know you, or find it online, try those first. A few unrelated words make a strong one.`
  }
  const why = result.feedback.warning ?? 'It would be easy to guess.'
  return `Choose a harder-to-guess password. ${why} A few unrelated words make a strong one.`
}
