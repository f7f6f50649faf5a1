import { useShallow } from 'zustand/react/shallow'
import { useDesk } from '../../store'
import { ClientListItem } from './ClientListItem'

/** The search results: count, list, and the empty, loading and error states. */
export function ClientList() {
  const { clients, total, hasMore, query, listLoading, listError, selectedId } = useDesk(
    useShallow((s) => ({
      clients: s.clients,
      total: s.total,
      hasMore: s.hasMore,
      query: s.query,
      listLoading: s.listLoading,
      listError: s.listError,
      selectedId: s.selectedId,
    })),
  )
  const selectClient = useDesk((s) => s.selectClient)
  const loadClients = useDesk((s) => s.loadClients)
  const onSelect = (clientId: number) => void selectClient(clientId)
  const trimmed = query.trim()

  return (
    <div className="client-results">
      {/* The count doubles as the announcement of each type-ahead result. */}
      <p className="list-count" role="status">
        {listLoading && clients.length === 0 ? '' : countText(clients.length, total, hasMore, query.trim() !== '')}
      </p>
      {listError && (
        <div className="message message-error" role="alert">
          <p>{listError}</p>
          <button type="button" className="button button-small" onClick={() => void loadClients()}>
            Try again
          </button>
        </div>
      )}
      {!listLoading && !listError && clients.length === 0 && (
        <p className="empty-state">
          {trimmed ? `No clients match “${trimmed}”` : 'No clients yet. Use New client to add the first one.'}
        </p>
      )}
      <ul className="client-list" aria-label="Clients" aria-busy={listLoading || undefined}>
        {clients.map((client) => (
          <ClientListItem key={client.id} client={client} selected={client.id === selectedId} onSelect={onSelect} />
        ))}
      </ul>
    </div>
  )
}

const countText = (shown: number, total: number, hasMore: boolean, searching: boolean) => {
  if (searching && hasMore) return `Showing the first ${String(shown)} matches. Type more to narrow them.`
  if (total > shown) return `Showing ${String(shown)} of ${total.toLocaleString()}`
  return total === 1 ? '1 client' : `${total.toLocaleString()} clients`
}
