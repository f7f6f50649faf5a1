import { safeStorage } from 'electron'
import type { SecretSealer } from './desk-config'

/**
 * The app's sealer: Electron's `safeStorage` (the macOS keychain, Windows DPAPI, the Linux secret
 * service), as the audit key is kept. Only usable once the app is ready.
 */
export const electronSealer: SecretSealer = {
  available: () => safeStorage.isEncryptionAvailable(),
  seal: (text) => safeStorage.encryptString(text).toString('base64'),
  open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
}
