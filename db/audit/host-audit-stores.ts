import { FileAnchorStore, defaultAnchorDir } from './chain-head'
import { FileKeyStore, keyFileBeside } from './key-store'
import type { AuditTrailStores } from './open-audit-trail'

/**
 * The stores of the browser host and the CLIs: the practice's key in a file beside the database
 * (or at `keyPath`), heads in the per-user anchor folder (or `anchorDir`).
 */
export function hostAuditStores(dbPath: string, paths: { keyPath?: string; anchorDir?: string } = {}): AuditTrailStores {
  return { keys: new FileKeyStore(paths.keyPath ?? keyFileBeside(dbPath)), anchors: new FileAnchorStore(paths.anchorDir ?? defaultAnchorDir()) }
}
