import type { PortalMe } from '../../../../shared/portal-api'
import { greetingName } from '../lib/names'
import { Link } from '../lib/router'
import { usePageHeading } from '../lib/use-page-heading'

/** The signed-in start page. */
export function HomePage({ me }: { me: PortalMe }) {
  const headingRef = usePageHeading('Home')
  return (
    <div className="home">
      <h1 ref={headingRef} tabIndex={-1}>
        Welcome, {greetingName(me)}
      </h1>
      <p className="lead">This is your client portal. You can see your details and change your username in your profile.</p>
      <p>
        <Link href="/profile" className="button button-primary">
          My profile
        </Link>
      </p>
    </div>
  )
}
