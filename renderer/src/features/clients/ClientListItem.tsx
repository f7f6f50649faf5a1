import { memo } from 'react'
import type { ClientSummary } from '../../../../shared/dto'
import { fullName } from '../../lib/client-name'

interface ClientListItemProps {
  client: ClientSummary
  selected: boolean
  onSelect: (clientId: number) => void
  /** Whether this row is the list's one stop in Tab order (the arrow keys move between rows). */
  tabStop?: boolean
}

/** One client in the list (the list draws the row around it); its accessible name starts with "First Last". */
export const ClientListItem = memo(function ClientListItem({ client, selected, onSelect, tabStop = true }: ClientListItemProps) {
  const contact = client.email ?? client.phone
  // A damaged row names only its id; opening it shows the profile's plain message, not a broken form.
  if (client.damaged) {
    return (
      <button
        type="button"
        className="client-item client-item-damaged"
        aria-current={selected ? 'true' : undefined}
        tabIndex={tabStop ? 0 : -1}
        onClick={() => {
          onSelect(client.id)
        }}
      >
        <span className="client-item-line">
          <span className="client-item-name">Client #{client.id}: this row is damaged</span>
        </span>
        <span className="client-item-contact">Portico can’t read this client. The others are fine.</span>
      </button>
    )
  }
  return (
    <button
      type="button"
      className="client-item"
      aria-current={selected ? 'true' : undefined}
      tabIndex={tabStop ? 0 : -1}
      onClick={() => {
        onSelect(client.id)
      }}
    >
      <span className="client-item-line">
        <span className="client-item-name">{fullName(client)}</span>
        {client.preferredName && <span className="client-item-preferred"> ({client.preferredName})</span>}
        {client.status === 'inactive' && (
          <>
            {' '}
            <span className="badge badge-muted">Inactive</span>
          </>
        )}
      </span>
      {contact && <span className="client-item-contact">{contact}</span>}
    </button>
  )
})
