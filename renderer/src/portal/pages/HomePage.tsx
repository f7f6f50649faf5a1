import type { PortalMe } from '../../../../shared/portal-api'
import { greetingName } from '../lib/names'
import { phoneLink, practice } from '../lib/practice'
import { Link } from '../lib/router'
import { usePageHeading } from '../lib/use-page-heading'

/** The signed-in start page: what the client can do here, and how to reach the practice. */
export function HomePage({ me }: { me: PortalMe }) {
  const headingRef = usePageHeading('Home')
  const practiceName = practice.name ?? 'the practice'
  return (
    <div className="home">
      <h1 ref={headingRef} tabIndex={-1}>
        Welcome, {greetingName(me)}
      </h1>
      <p className="lead">{practice.name ? `This is ${practice.name}’s client portal.` : 'This is your client portal.'} Here you can look after how you sign in.</p>
      <section className="home-section" aria-labelledby="home-username">
        <h2 id="home-username">Your username</h2>
        <p>
          You sign in as <strong className="home-username">{me.username}</strong>. You can change it whenever you like: open{' '}
          <Link href="/profile">My profile</Link> and choose Edit beside your username.
        </p>
      </section>
      <section className="home-section" aria-labelledby="home-password">
        <h2 id="home-password">Your password</h2>
        <p>
          Keep it to yourself. If you forget it, ask {practiceName} for a reset code, then choose Reset password on the sign-in page. The code
          works once, for an hour.
        </p>
      </section>
      <section className="home-section" aria-labelledby="home-contact">
        <h2 id="home-contact">Contact {practiceName}</h2>
        {practice.phone ? (
          <p>
            Call <a href={phoneLink(practice.phone)}>{practice.phone}</a> for appointments, questions or help with this portal.
          </p>
        ) : (
          <p>For appointments, questions or help with this portal, contact the practice as you usually do.</p>
        )}
      </section>
      <p>
        <Link href="/profile" className="button button-primary">
          My profile
        </Link>
      </p>
    </div>
  )
}
