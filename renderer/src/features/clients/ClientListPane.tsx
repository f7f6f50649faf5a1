import { useDesk } from '../../store'
import { ClientFilters } from './ClientFilters'
import { ClientList } from './ClientList'
import { ClientSearch } from './ClientSearch'
import { InactivePortalsAction } from './InactivePortalsAction'

/** The middle column: heading, New client, search box, filters (and admins' bulk action) and results. */
export function ClientListPane() {
  const startNewClient = useDesk((s) => s.startNewClient)
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
      <ClientSearch />
      <ClientFilters />
      <InactivePortalsAction />
      <ClientList />
    </section>
  )
}
