import { memo } from 'react'
import type { ClientSummary } from '../../../../shared/dto'
import type { PortalState } from '../../../../shared/portal-state'
import { fullName } from '../../lib/client-name'
import { formatShortDate } from '../../lib/format'

/** The portal state in words, so a row never relies on colour to say it. */
export const PORTAL_STATE_WORDS: Record<PortalState, string> = {
  none: 'No portal account',
  invited: 'Invited',
  on: 'Portal on',
  off: 'Portal off',
  locked: 'Locked',
}

interface ClientListItemProps {
  client: ClientSummary
  selected: boolean
  onSelect: (clientId: number) => void
  /** Whether this row is the list's one stop in Tab order (the arrow keys move between rows). */
  tabStop?: boolean
}

/**
 * One client in the list (the list draws the row around it); its accessible name starts with
 * "First Last". The second line tells two same-name clients apart: date of birth, portal state in
 * words, then the email or phone when there is room.
 */
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
      <span className="client-item-contact">
        {/* "Born" is read out but not drawn: the narrowest pane keeps room for the longest state word. */}
        {client.dateOfBirth && (
          <>
            <span className="visually-hidden">Born </span>
            {formatShortDate(client.dateOfBirth)} ·{' '}
          </>
        )}
        <span className={`client-item-portal client-item-portal-${client.portalState}`}>{PORTAL_STATE_WORDS[client.portalState]}</span>
        {contact && <> · {contact}</>}
      </span>
    </button>
  )
})
