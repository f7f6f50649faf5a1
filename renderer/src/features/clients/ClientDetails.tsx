import type { ClientDetail } from '../../../../shared/dto'
import { formatDate, formatDateTime } from '../../lib/format'

/** The client's details as a definition list; empty optional fields say so rather than vanish. */
export function ClientDetails({ client }: { client: ClientDetail }) {
  const rows: [string, string | null][] = [
    ['Preferred name', client.preferredName],
    ['Date of birth', formatDate(client.dateOfBirth)],
    ['Email', client.email],
    ['Phone', client.phone],
    ['Status', client.status === 'active' ? 'Active' : 'Inactive'],
    ['Created', formatDateTime(client.createdAt)],
    ['Updated', formatDateTime(client.updatedAt)],
  ]
  return (
    <dl className="details">
      {rows.map(([label, value]) => (
        <div className="details-row" key={label}>
          <dt>{label}</dt>
          <dd className={value ? undefined : 'muted'}>{value ?? 'Not given'}</dd>
        </div>
      ))}
    </dl>
  )
}
