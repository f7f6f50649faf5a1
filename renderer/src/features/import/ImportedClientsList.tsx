import { useCallback, useEffect, useState } from 'react'
import type { ClientSummary } from '../../../../shared/dto'
import { call, errorMessage } from '../../lib/api'
import { useDesk } from '../../store'
import { ClientListItem } from '../clients/ClientListItem'

/**
 * The list narrowed to one import's clients (all stamped with the import's instant), in name order,
 * 200 at a time, until the admin goes back to all clients.
 */
export function ImportedClientsList({ importedAt, onShowAll }: { importedAt: string; onShowAll: () => void }) {
  const [items, setItems] = useState<ClientSummary[]>([])
  const [total, setTotal] = useState<number | null>(null)
  const [hasMore, setHasMore] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const selectClient = useDesk((s) => s.selectClient)
  const selectedId = useDesk((s) => s.selectedId)
  const onSelect = useCallback((clientId: number) => void selectClient(clientId), [selectClient])

  const load = useCallback(async (offset: number) => {
    try {
      const page = await call('listImportedClients', { importedAt, offset })
      setItems((shown) => (offset === 0 ? page.items : [...shown, ...page.items]))
      setTotal(page.total); setHasMore(page.hasMore)
    } catch (e) {
      setError(errorMessage(e))
    }
  }, [importedAt])
  useEffect(() => void load(0), [load])

  return (
    <div className="client-results">
      <p className="list-count" role="status">{total === null ? '' : `${total.toLocaleString()} imported ${total === 1 ? 'client' : 'clients'}`}</p>
      <div className="imported-tools">
        <button type="button" className="button button-small" onClick={onShowAll}>Show all clients</button>
      </div>
      {error && <div className="message message-error" role="alert">{error}</div>}
      <div className="client-scroll">
        <ul className="client-list imported-list" aria-label="Imported clients">
          {items.map((client) => (
            <li key={client.id} className="client-row imported-row">
              <ClientListItem client={client} selected={client.id === selectedId} onSelect={onSelect} />
            </li>
          ))}
        </ul>
        {hasMore && <button type="button" className="button button-small" onClick={() => void load(items.length)}>Show more</button>}
      </div>
    </div>
  )
}
