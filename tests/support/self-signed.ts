import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl', '/opt/homebrew/bin/openssl'].find((path) => existsSync(path)) ?? 'openssl'

export interface SelfSigned {
  cert: string
  key: string
  certPath: string
  keyPath: string
}

function openssl(args: string[], input?: string): string {
  try {
    return execFileSync(OPENSSL, args, { input, stdio: ['pipe', 'pipe', 'pipe'] }).toString()
  } catch (error) {
    throw new Error(`These tests make certificates with the openssl command, which failed or is missing (install openssl): openssl ${args[0]}`, { cause: error })
  }
}

/**
 * A self-signed certificate and its unencrypted key, made by the openssl command (node:crypto can
 * read certificates but not make them). For localhost and 127.0.0.1 unless other names are given.
 * RSA and a config file rather than newer flags, so OpenSSL and macOS's LibreSSL both make it.
 */
export function selfSignedCertificate(dir: string, options: { names?: string[]; days?: number } = {}): SelfSigned {
  const names = options.names ?? ['localhost', '127.0.0.1']
  const folder = mkdtempSync(join(dir, 'tls-'))
  const config = join(folder, 'openssl.cnf')
  const san = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',')
  writeFileSync(
    config,
    ['[req]', 'distinguished_name = dn', 'x509_extensions = ext', 'prompt = no', '[dn]', `CN = ${names[0]}`, '[ext]', `subjectAltName = ${san}`, 'basicConstraints = CA:FALSE', ''].join('\n'),
  )
  const certPath = join(folder, 'cert.pem')
  const keyPath = join(folder, 'key.pem')
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', String(options.days ?? 2), '-config', config])
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8'), certPath, keyPath }
}

/** A key that belongs to no certificate, for "the key does not match" cases. */
export function strayKey(): string {
  return openssl(['genrsa', '2048'])
}

/** The same key, protected by a password (as some certificate authorities hand keys out). */
export function passwordProtected(key: string): string {
  return openssl(['pkey', '-aes256', '-passout', 'pass:not-typed-by-the-portal'], key)
}
