import { useState } from 'react'
import { useDesk } from '../../store'
import { ExportClientsButton } from '../import/ExportClientsButton'
import { ImportClientsDialog } from '../import/ImportClientsDialog'
import { ImportedClientsList } from '../import/ImportedClientsList'
import { ClientFilters } from './ClientFilters'
import { ClientList } from './ClientList'
import { ClientSearch } from './ClientSearch'
import { InactivePortalsAction } from './InactivePortalsAction'

/**
 * The middle column: heading, New client (and for admins Import/Export), then the search box,
 * filters (and admins' bulk action) and results, or one import's clients.
 */
export function ClientListPane() {
  const startNewClient = useDesk((s) => s.startNewClient)
  const isAdmin = useDesk((s) => s.session?.staff?.role === 'admin')
  const loadClients = useDesk((s) => s.loadClients)
  const [importing, setImporting] = useState(false)
  const [imported, setImported] = useState<string | null>(null)
  return (
    <section className="list-pane" aria-labelledby="clients">
      <header className="list-header">
        <h1 id="clients" tabIndex={-1}>
          Clients
        </h1>
        <button type="button" className="button button-primary" onClick={startNewClient}>
          New client
        </button>
      </header>
      {isAdmin && (
        <div className="toolbar list-tools">
          <button type="button" className="button button-small" onClick={() => setImporting(true)}>
            Import clients…
          </button>
          <ExportClientsButton />
        </div>
      )}
      {imported ? (
        <ImportedClientsList importedAt={imported} onShowAll={() => setImported(null)} />
      ) : (
        <>
          <ClientSearch />
          <ClientFilters />
          <InactivePortalsAction />
          <ClientList />
        </>
      )}
      {isAdmin && (
        <ImportClientsDialog
          open={importing}
          onClose={() => {
            setImporting(false)
            void loadClients()
          }}
          onShowImported={(importedAt) => setImported(importedAt)}
        />
      )}
    </section>
  )
}
