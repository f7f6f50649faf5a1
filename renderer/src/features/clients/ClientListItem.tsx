import { memo } from 'react'
import type { ClientSummary } from '../../../../shared/dto'
import { fullName } from '../../lib/client-name'

interface ClientListItemProps {
  client: ClientSummary
  selected: boolean
  onSelect: (clientId: number) => void
}

/** One client in the list; its accessible name starts with "First Last". */
export const ClientListItem = memo(function ClientListItem({ client, selected, onSelect }: ClientListItemProps) {
  const contact = client.email ?? client.phone
  return (
    <li>
      <button
        type="button"
        className="client-item"
        aria-current={selected ? 'true' : undefined}
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
    </li>
  )
})
