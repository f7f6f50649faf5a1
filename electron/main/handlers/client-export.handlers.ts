import { exportClients } from '../../../db/export/export-clients'
import type { HandlerMap } from '../dispatcher'

/** Excel reads a CSV as UTF-8 only when it starts with a byte-order mark. */
const BOM = '\uFEFF'

export const clientExportHandlers = {
  /**
   * Clients → Export clients… (admins): every client, one row each, in the import's own columns plus
   * the portal username and state, so a practice can always leave with its data. Recorded as one
   * `clients.export` event with the count.
   */
  exportClients: async (_input, ctx) => {
    const chunks: string[] = [BOM]
    const { rows } = await exportClients(ctx.db, (chunk) => void chunks.push(chunk), { actor: ctx.actor, now: ctx.now(), portal: true })
    return { filename: `portico-clients-${ctx.now().toISOString().slice(0, 10)}.csv`, csv: chunks.join(''), rows }
  },
} satisfies Pick<HandlerMap, 'exportClients'>
