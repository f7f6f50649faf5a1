import { afterAll, beforeAll } from 'vitest'
import { SCRYPT, setPasswordHashingCost } from '../../electron/main/services/passwords'

/**
 * scrypt at N=2^12 (4 MiB, about 5 ms) instead of 2^17 (128 MiB, 0.3–2.5 s on a busy 2-core
 * machine): the same function and the same stored format, checked by the same code.
 */
export const CHEAP_SCRYPT = { ...SCRYPT, N: 2 ** 12 } as const

/**
 * For a test file (or describe block) about the rules around passwords, not their cost or timing:
 * new hashes in this test process use CHEAP_SCRYPT until its end. Never in a test that times
 * answers (the unknown-username and locked-account timing tests keep the real cost), nor where a
 * slow check is what makes requests overlap; SCRYPT itself is pinned by tests/unit/passwords.test.ts.
 */
export function useCheapPasswordHashing(): void {
  beforeAll(() => setPasswordHashingCost(CHEAP_SCRYPT))
  afterAll(() => setPasswordHashingCost(SCRYPT))
}
