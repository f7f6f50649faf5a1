import { X509Certificate, createPrivateKey } from 'node:crypto'
import { isIP } from 'node:net'

/** A certificate (PEM, with any intermediates after it) and its unencrypted private key (PEM). */
export interface PortalTls {
  cert: string
  key: string
}

/** What the desk shows about the certificate in use; never the key. */
export interface CertificateInfo {
  /** The names and addresses it is for (its subject alternative names, or its common name). */
  names: string[]
  expiresAt: string
}

/** A certificate or key that can't be used, with the field it belongs to and what to do. */
export interface TlsProblem {
  field: 'certificate' | 'key'
  message: string
}

/** HSTS for 180 days; no includeSubDomains or preload, since the practice's other sites are not ours to pin. */
export const HSTS_HEADER = 'max-age=15552000'

const MAX_PEM_CHARS = 100_000

const day = (date: Date) => date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

function certificateNames(cert: X509Certificate): string[] {
  const alt = (cert.subjectAltName ?? '')
    .split(', ')
    .map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry.trim())?.[1])
    .filter((name): name is string => Boolean(name))
  if (alt.length > 0) return alt
  const cn = /^CN=(.+)$/m.exec(cert.subject)?.[1]
  return cn ? [cn] : []
}

/** The names and expiry of a PEM certificate, or null when it does not parse. Validity is not judged here. */
export function certificateInfo(pem: string): CertificateInfo | null {
  const cert = parseCertificate(pem)
  return cert ? { names: certificateNames(cert), expiresAt: new Date(cert.validTo).toISOString() } : null
}

/** The names a browser may be pointed at for this certificate: real DNS names (no wildcard, no localhost). */
export function dnsNames(info: CertificateInfo): string[] {
  return info.names.filter((name) => !isIP(name) && !name.includes('*') && name.toLowerCase() !== 'localhost')
}

function parseCertificate(pem: string): X509Certificate | null {
  if (pem.length > MAX_PEM_CHARS || !pem.includes('-----BEGIN CERTIFICATE-----')) return null
  try {
    return new X509Certificate(pem)
  } catch {
    return null
  }
}

/**
 * Checks a certificate and key with node:crypto before the portal uses them: the certificate
 * parses, the key parses and is not password-protected, the key belongs to the certificate, and
 * the certificate is valid at `now`. Nothing about the files is logged.
 */
export function checkTlsPair(tls: PortalTls, now: Date): { ok: true; info: CertificateInfo } | { ok: false; problem: TlsProblem } {
  const fail = (field: TlsProblem['field'], message: string) => ({ ok: false as const, problem: { field, message } })
  const cert = parseCertificate(tls.cert)
  if (!cert) {
    return fail('certificate', 'That file is not a certificate Portico can read. Choose the certificate in PEM format: a text file that begins with -----BEGIN CERTIFICATE-----.')
  }
  // PKCS#8 "ENCRYPTED PRIVATE KEY", or the older "Proc-Type: 4,ENCRYPTED" header.
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(tls.key)) {
    return fail('key', 'That private key is protected by a password, which the portal cannot type in. Save a copy without a password (your IT support can do this) and choose that.')
  }
  let key
  try {
    if (tls.key.length > MAX_PEM_CHARS) throw new Error('too long')
    key = createPrivateKey(tls.key)
  } catch {
    return fail('key', 'That file is not a private key Portico can read. Choose the private key in PEM format: a text file that begins with -----BEGIN PRIVATE KEY----- (or BEGIN RSA PRIVATE KEY, BEGIN EC PRIVATE KEY).')
  }
  if (!cert.checkPrivateKey(key)) {
    return fail('key', 'That private key does not belong to that certificate. Choose the key that was made together with the certificate.')
  }
  const validFrom = new Date(cert.validFrom)
  const validTo = new Date(cert.validTo)
  if (validTo.getTime() <= now.getTime()) {
    return fail('certificate', `That certificate expired on ${day(validTo)}. Ask whoever issued it for a new one and add that here.`)
  }
  if (validFrom.getTime() > now.getTime()) {
    return fail('certificate', `That certificate is not valid until ${day(validFrom)}. Check this computer’s date and time, or use a certificate that is valid today.`)
  }
  return { ok: true, info: { names: certificateNames(cert), expiresAt: validTo.toISOString() } }
}
