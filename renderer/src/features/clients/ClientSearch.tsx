import { useDesk } from '../../store'

/** Type-ahead search; main matches name, email, phone or portal username. */
export function ClientSearch() {
  const query = useDesk((s) => s.query)
  const setQuery = useDesk((s) => s.setQuery)
  return (
    <div className="search">
      <input
        type="search"
        className="search-input"
        aria-label="Search clients"
        placeholder="Name, email, phone, username"
        value={query}
        maxLength={200}
        autoComplete="off"
        spellCheck={false}
        // Staff start nearly every task by finding a client.
        autoFocus
        onChange={(e) => void setQuery(e.target.value)}
      />
    </div>
  )
}
