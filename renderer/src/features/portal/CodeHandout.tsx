import type { HandoutPractice } from '../../../../shared/dto'
import { formatDayAndTime } from '../../lib/format'
import { withWrapPoints } from './wrap-points'
import { QrCode } from './QrCode'

/** What a handout is for: activating an invite (needs the date of birth) or resetting a password (needs the username). */
export type HandoutKind = 'invite' | 'reset'

export interface HandoutContent {
  kind: HandoutKind
  code: string
  expiresAt: string
  practice: HandoutPractice
  /** The client's username, when a reset handout can name it. */
  username?: string | null
}

const PAGE: Record<HandoutKind, string> = { invite: '/activate', reset: '/reset-password' }

/** The page a handout's QR code opens, with the code filled in; null without a public address. */
export function handoutLink(content: Pick<HandoutContent, 'kind' | 'code' | 'practice'>): string | null {
  const { address } = content.practice
  return address ? `${address}${PAGE[content.kind]}?code=${encodeURIComponent(content.code)}` : null
}

/**
 * The part of a code dialog that prints: written to the client, with the practice's name and
 * phone, the code in large type, what they will need, when it stops working, and where to go.
 */
export function CodeHandout({ content }: { content: HandoutContent }) {
  const { kind, code, expiresAt, practice, username } = content
  const practiceName = practice.name || 'your practice'
  const link = handoutLink(content)
  const page = practice.address ? `${practice.address}${PAGE[kind]}` : null
  return (
    <section className="handout" aria-label="Handout for the client">
      <p className="handout-practice">
        {practice.name}
        {practice.phone && <span className="handout-phone">{practice.phone}</span>}
      </p>
      <h3 className="handout-title">{kind === 'invite' ? 'Your invite to the client portal' : 'Reset your client portal password'}</h3>
      <p>
        {kind === 'invite'
          ? `Use this code to set up your account on ${practiceName}’s client portal. You choose your own username and password.`
          : `Use this code to choose a new password for ${practiceName}’s client portal. Nobody at the practice sees your new password.`}
      </p>
      <div className="one-time-code" role="group" aria-label="One-time code">
        {code}
      </div>
      <p className="handout-expiry">{`This code works until ${formatDayAndTime(expiresAt)}${kind === 'reset' ? ', and only once' : ''}.`}</p>
      <div className="handout-steps">
        <div>
          <h4>You will need</h4>
          <ul>
            <li>this code</li>
            {kind === 'invite' ? (
              <li>your date of birth</li>
            ) : (
              <li>{username ? <>your username: <span className="mono">{username}</span></> : 'your username'}</li>
            )}
          </ul>
          <h4>Where to go</h4>
          {page && link ? (
            <p>Scan the QR code with your phone’s camera, or type the address below into your browser.</p>
          ) : (
            <p>{`Ask ${practiceName} for the link to the client portal${practice.phone ? ` (call ${practice.phone})` : ''}, then enter this code there.`}</p>
          )}
        </div>
        {link && <QrCode text={link} label={`QR code: opens the ${kind === 'invite' ? 'activation' : 'password reset'} page with your code filled in`} />}
      </div>
      {page && (
        // The whole line's width, so the address wraps only between its parts.
        <dl className="details">
          <div className="details-row">
            <dt>{kind === 'invite' ? 'Portal link' : 'Reset link'}</dt>
            <dd className="mono sheet-link">{withWrapPoints(page)}</dd>
          </div>
        </dl>
      )}
      {practice.phone && <p className="small">{`Questions? Call ${practiceName} on ${practice.phone}.`}</p>}
    </section>
  )
}
