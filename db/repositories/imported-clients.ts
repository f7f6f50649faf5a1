import type { ClientPage } from '../../shared/dto'
import { dialectOf } from '../dialect/dialect'
import { nameOrder } from './client-name-order'
import { clientRowToSummary, summaries } from './client-rows'
import type { Db } from './clients.repository'

/**
 * The clients one import created, in name order, a page at a time. An import stamps every client
 * it creates with the same created-at instant (its transaction's), so that instant names the import.
 */
export async function listImportedClients(db: Db, params: { importedAt: string; offset: number; limit: number }): Promise<ClientPage> {
  const [last, first, id] = nameOrder(dialectOf(db))
  const rows = await summaries(db)
    .where('clients.created_at', '=', params.importedAt)
    .orderBy(last)
    .orderBy(first)
    .orderBy(id)
    .limit(params.limit + 1)
    .offset(params.offset)
    .execute()
  const { n } = await db.selectFrom('clients').select((eb) => eb.fn.countAll<number>().as('n')).where('created_at', '=', params.importedAt).executeTakeFirstOrThrow()
  return { items: rows.slice(0, params.limit).map(clientRowToSummary), total: Number(n), hasMore: rows.length > params.limit }
}
