import { useId } from 'react'
import type { PortalMe } from '../../../../shared/portal-api'
import { formatDateTime } from '../lib/names'

/** The client's details as the practice holds them (read-only here). */
export function ProfileDetails({ me }: { me: PortalMe }) {
  const headingId = useId()
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>Your details</h2>
      <dl className="details">
        <div>
          <dt>Name</dt>
          <dd>
            {me.firstName} {me.lastName}
          </dd>
        </div>
        <div>
          <dt>Preferred name</dt>
          <dd>{me.preferredName || <span className="muted">Not given</span>}</dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd className="wrap-anywhere">{me.email || <span className="muted">Not on file</span>}</dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>{me.lastSignInAt ? formatDateTime(me.lastSignInAt) : <span className="muted">Not yet</span>}</dd>
        </div>
      </dl>
      <p className="muted small">To change these details, contact the practice.</p>
    </section>
  )
}
