import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { parsePortalCliOptions } from '../../electron/main/portal/portal-cli-options'
import { type SelfSigned, selfSignedCertificate, strayKey } from '../support/self-signed'
import { tempDir } from '../support/temp-db'

let dir: string
let cleanup: () => void
let dbPath: string
let tls: SelfSigned
let now: Date
beforeEach(() => {
  ;({ dir, cleanup } = tempDir('portico-cli-'))
  // The options only check that the database file exists; the portal opens it later.
  dbPath = join(dir, 'portico.sqlite3')
  writeFileSync(dbPath, '')
  tls = selfSignedCertificate(dir)
  // Read after the certificate is made: its notBefore is the second openssl ran, which under load
  // came after a clock read at module load ("not valid until…").
  now = new Date()
})
afterEach(() => cleanup())

const parse = (...args: string[]) => parsePortalCliOptions(['--db', dbPath, ...args], now)

describe('npm run portal -- --tls-cert, --tls-key, --trust-proxy, --public-url', () => {
  test('a good certificate and key are read and checked; the rest of the options pass through', () => {
    const parsed = parse('--host', '0.0.0.0', '--port', '8443', '--tls-cert', tls.certPath, '--tls-key', tls.keyPath, '--trust-proxy', '10.0.0.0/8, 127.0.0.1', '--public-url', 'https://portal.example.org/')
    expect(parsed).toEqual({
      ok: true,
      options: { dbPath, host: '0.0.0.0', port: 8443, tls: { cert: tls.cert, key: tls.key }, trustProxy: '10.0.0.0/8,127.0.0.1', publicUrl: 'https://portal.example.org' },
    })
  })

  test('each mistake is named plainly, and no key material is printed', () => {
    const wrongKey = join(dir, 'wrong-key.pem')
    writeFileSync(wrongKey, strayKey())
    const problems: [string[], RegExp][] = [
      [['--tls-cert', tls.certPath], /^Give both --tls-cert \(the certificate\) and --tls-key \(its private key\), or neither\.$/],
      [['--tls-key', tls.keyPath], /^Give both --tls-cert/],
      [['--tls-cert', join(dir, 'missing.pem'), '--tls-key', tls.keyPath], /^--tls-cert: there is no file at .*missing\.pem\.$/],
      [['--tls-cert', tls.keyPath, '--tls-key', tls.keyPath], /^--tls-cert: That file is not a certificate Portico can read\./],
      [['--tls-cert', tls.certPath, '--tls-key', tls.certPath], /^--tls-key: That file is not a private key Portico can read\./],
      [['--tls-cert', tls.certPath, '--tls-key', wrongKey], /^--tls-key: That private key does not belong to that certificate\./],
      [['--trust-proxy', 'my-proxy'], /^--trust-proxy takes the reverse proxy's IP address .*"my-proxy" is not one\.$/],
      [['--trust-proxy', '10.0.0.0/99'], /"10\.0\.0\.0\/99" is not one/],
      [['--public-url', 'portal.example.org'], /^--public-url is the address clients open, like https:\/\/portal\.example\.org\//],
      [['--public-url', 'https://portal.example.org/portal'], /^--public-url is the address clients open/],
    ]
    for (const [args, message] of problems) {
      const parsed = parse(...args)
      expect(parsed.ok, args.join(' ')).toBe(false)
      const error = (parsed as { error: string }).error
      expect(error, args.join(' ')).toMatch(message)
      for (const line of tls.key.split('\n').filter((l) => l && !l.startsWith('-----'))) expect(error).not.toContain(line)
    }
  })

  test('an expired certificate is refused with its date', () => {
    const later = new Date(now.getTime() + 3 * 24 * 60 * 60 * 1000)
    const parsed = parsePortalCliOptions(['--db', dbPath, '--tls-cert', tls.certPath, '--tls-key', tls.keyPath], later)
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/^--tls-cert: That certificate expired on \d{1,2} [A-Z][a-z]+ \d{4}\./) })
  })
})
