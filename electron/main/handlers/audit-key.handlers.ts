import { chainSealOf } from '../../../db/audit/chain-seal'
import { appendAudit } from '../../../db/repositories/audit.repository'
import { AppError } from '../app-error'
import type { HandlerMap } from '../dispatcher'

/**
 * Admins export the practice's audit key as a file, to keep with off-site backups and to give a
 * desk that must open this practice's database elsewhere (put beside the database as
 * `portico.audit-key`, it is imported once). The export is itself an audit event.
 */
export const auditKeyHandlers = {
  exportAuditKey: async (_input, ctx) => {
    const key = chainSealOf(ctx.db)?.key
    if (!key) throw new AppError('CONFLICT', 'This practice’s audit trail is not keyed yet, so there is no key to export. Restart Portico, then try again.')
    await appendAudit(ctx.db, { actor: ctx.actor, at: ctx.now().toISOString(), action: 'audit.key.export', clientId: null, outcome: 'success', detail: { keyId: key.keyId } })
    return { filename: 'portico.audit-key', text: key.toKeyFile(), keyId: key.keyId }
  },
} satisfies Pick<HandlerMap, 'exportAuditKey'>
