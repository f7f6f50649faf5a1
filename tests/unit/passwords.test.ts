import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { SCRYPT, hashPassword, setPasswordHashingCost, verifyAgainstDummy, verifyPassword } from '../../electron/main/services/passwords'
import { CHEAP_SCRYPT } from '../support/cheap-hashing'

/** Tests of other things may hash cheaply (tests/support/cheap-hashing.ts); the app's cost is pinned here. */
test('new passwords are hashed with scrypt at N=2^17, r=8, p=1 and a 16-byte salt, and check against their hash', { timeout: 60_000 }, async () => {
  expect(SCRYPT).toMatchObject({ N: 131072, r: 8, p: 1, keyLength: 32 })
  const stored = await hashPassword('copper-kettle-harbour-moss')
  const [kind, n, r, p, salt, hash] = stored.split('$')
  expect([kind, n, r, p]).toEqual(['scrypt', '131072', '8', '1'])
  expect(Buffer.from(salt!, 'base64')).toHaveLength(16)
  expect(Buffer.from(hash!, 'base64')).toHaveLength(32)
  expect(await verifyPassword('copper-kettle-harbour-moss', stored)).toBe(true)
  expect(await verifyPassword('copper-kettle-harbour-mos', stored)).toBe(false)
})

test('a hash keeps its own settings: one made at another cost still checks after the cost goes back to SCRYPT', { timeout: 60_000 }, async () => {
  setPasswordHashingCost(CHEAP_SCRYPT)
  let cheap: string
  try {
    cheap = await hashPassword('granite-orchard-lantern-42')
    expect(cheap.split('$').slice(0, 4)).toEqual(['scrypt', '4096', '8', '1'])
    expect(await verifyAgainstDummy('granite-orchard-lantern-42')).toBe(false)
  } finally {
    setPasswordHashingCost(SCRYPT)
  }
  expect(await verifyPassword('granite-orchard-lantern-42', cheap)).toBe(true)
  expect((await hashPassword('granite-orchard-lantern-42')).split('$')[1]).toBe('131072')
})

test('the app itself never changes the cost: only tests call setPasswordHashingCost', () => {
  const callers = ['electron', 'db', 'shared', 'build', 'renderer']
    .flatMap((folder) => readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((name) => join(folder, name)))
    .filter((path) => /\.(ts|tsx|mts|js|mjs)$/.test(path) && readFileSync(path, 'utf8').includes('setPasswordHashingCost'))
  expect(callers).toEqual([join('electron', 'main', 'services', 'passwords.ts')])
})
