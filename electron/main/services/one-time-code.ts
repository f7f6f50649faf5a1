import { createHash, randomInt } from 'node:crypto'

/** No 0/O, 1/I/L or U: a code is read aloud at the desk and typed on a phone. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789'
const GROUPS = 3
const GROUP_LENGTH = 4

/** A fresh code such as `K7QM-2XHD-9PWA` (about 59 bits from a CSPRNG). */
export function newOneTimeCode(): string {
  const groups: string[] = []
  for (let g = 0; g < GROUPS; g++) {
    let group = ''
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)]
    groups.push(group)
  }
  return groups.join('-')
}

/** What is stored: only a hash, of the code as the client might type it (any case, any dashes). */
export function hashOneTimeCode(code: string): string {
  const normalized = code.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '')
  return createHash('sha256').update(`portico-one-time-code:${normalized}`).digest('hex')
}
