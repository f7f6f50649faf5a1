import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { PortalTls } from './portal-tls'

/**
 * The portal's certificate and key live in this desk's own data folder, never in the database:
 * the database may be shared by several desks (and copied into every backup), while a private
 * key belongs to the one computer that serves the portal. Files are readable by this user only
 * (0600, in a 0700 folder; on Windows the profile folder's own permissions apply).
 */
export const TLS_FOLDER = 'portal-tls'
const CERT_FILE = 'certificate.pem'
const KEY_FILE = 'private-key.pem'

const folderOf = (deskDir: string) => join(deskDir, TLS_FOLDER)

/** Writes one file whole: to a temporary name first, then renamed over, so a crash leaves the old one or the new one. */
function writePrivate(path: string, text: string): void {
  const temporary = `${path}.new`
  writeFileSync(temporary, text, { mode: 0o600 })
  chmodSync(temporary, 0o600)
  renameSync(temporary, path)
}

/** Stores the certificate and key for this desk's portal, replacing any before. */
export function saveDeskCertificate(deskDir: string, tls: PortalTls): void {
  const folder = folderOf(deskDir)
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  chmodSync(folder, 0o700)
  writePrivate(join(folder, KEY_FILE), tls.key)
  writePrivate(join(folder, CERT_FILE), tls.cert)
}

/** The stored certificate and key, or null when this desk has none (the portal then serves plain HTTP). */
export function loadDeskCertificate(deskDir: string): PortalTls | null {
  const folder = folderOf(deskDir)
  const certPath = join(folder, CERT_FILE)
  const keyPath = join(folder, KEY_FILE)
  if (!existsSync(certPath) || !existsSync(keyPath)) return null
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') }
}

/** Deletes the stored certificate and key. */
export function removeDeskCertificate(deskDir: string): void {
  rmSync(folderOf(deskDir), { recursive: true, force: true })
}
