import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl', '/opt/homebrew/bin/openssl'].find((path) => existsSync(path)) ?? 'openssl'

export interface SelfSigned {
  cert: string
  key: string
  certPath: string
  keyPath: string
}

/**
 * A self-signed certificate and its unencrypted key, made by the openssl command (node:crypto can
 * read certificates but not make them). For 127.0.0.1 and localhost unless other names are given.
 */
export function selfSignedCertificate(dir: string, options: { names?: string[]; days?: number } = {}): SelfSigned {
  const names = options.names ?? ['localhost', '127.0.0.1']
  const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',')
  const folder = mkdtempSync(join(dir, 'tls-'))
  const certPath = join(folder, 'cert.pem')
  const keyPath = join(folder, 'key.pem')
  try {
    execFileSync(
      OPENSSL,
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath,
        '-days', String(options.days ?? 2), '-subj', `/CN=${names[0]}`, '-addext', `subjectAltName=${san}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    )
  } catch (error) {
    throw new Error('These tests make a self-signed certificate with the openssl command, which failed or is missing (install openssl).', { cause: error })
  }
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath }
}

/** A second key that belongs to no certificate, for "the key does not match" cases. */
export function strayKey(dir: string): string {
  const path = join(mkdtempSync(join(dir, 'key-')), 'key.pem')
  execFileSync(OPENSSL, ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', path], { stdio: ['ignore', 'ignore', 'pipe'] })
  return readFileSync(path, 'utf8')
}

/** The same key, protected by a password (as some certificate authorities hand keys out). */
export function passwordProtected(key: string): string {
  return execFileSync(OPENSSL, ['pkey', '-aes256', '-passout', 'pass:not-typed-by-the-portal'], { input: key, stdio: ['pipe', 'pipe', 'pipe'] }).toString()
}
