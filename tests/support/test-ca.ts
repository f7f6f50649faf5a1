import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { join } from 'node:path'

const OPENSSL = ['/usr/bin/openssl', '/usr/local/bin/openssl', '/opt/homebrew/bin/openssl'].find((path) => existsSync(path)) ?? 'openssl'

function openssl(args: string[]): void {
  try {
    execFileSync(OPENSSL, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    throw new Error(`These tests make certificates with the openssl command, which failed or is missing (install openssl): openssl ${args[0]}`, { cause: error })
  }
}

/** A practice's own certificate authority: its certificate (the "CA file" a desk is given) and key. */
export interface TestCa {
  caPath: string
  caKeyPath: string
}

/** A new self-signed CA, as an IT person would make one for the practice's server (RSA, so LibreSSL makes it too). */
export function makeCertificateAuthority(dir: string, name = 'Portico Test Practice CA'): TestCa {
  const folder = mkdtempSync(join(dir, 'ca-'))
  const config = join(folder, 'ca.cnf')
  writeFileSync(config, ['[req]', 'distinguished_name = dn', 'x509_extensions = ext', 'prompt = no', '[dn]', `CN = ${name}`, '[ext]', 'basicConstraints = critical, CA:TRUE', 'keyUsage = critical, keyCertSign, cRLSign', ''].join('\n'))
  const caPath = join(folder, 'ca.pem')
  const caKeyPath = join(folder, 'ca.key')
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKeyPath, '-out', caPath, '-days', '2', '-config', config])
  return { caPath, caKeyPath }
}

/** A server certificate signed by `ca` for the given names (localhost and 127.0.0.1 by default), and its key. */
export function serverCertificate(ca: TestCa, dir: string, names: string[] = ['localhost', '127.0.0.1']): { certPath: string; keyPath: string } {
  const folder = mkdtempSync(join(dir, 'server-'))
  const config = join(folder, 'server.cnf')
  const san = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',')
  writeFileSync(config, ['[req]', 'distinguished_name = dn', 'prompt = no', '[dn]', `CN = ${names[0]}`, '[ext]', `subjectAltName = ${san}`, 'basicConstraints = CA:FALSE', 'extendedKeyUsage = serverAuth', ''].join('\n'))
  const keyPath = join(folder, 'server.key')
  const csrPath = join(folder, 'server.csr')
  const certPath = join(folder, 'server.pem')
  openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', csrPath, '-config', config])
  openssl(['x509', '-req', '-in', csrPath, '-CA', ca.caPath, '-CAkey', ca.caKeyPath, '-CAcreateserial', '-out', certPath, '-days', '2', '-extfile', config, '-extensions', 'ext'])
  return { certPath, keyPath }
}
