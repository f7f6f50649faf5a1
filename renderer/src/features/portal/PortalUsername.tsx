import { useDesk } from '../../store'

/**
 * The client's chosen username, as plain text staff can read aloud or copy. Staff never edit it:
 * only the client can change their username, from the portal.
 */
export function PortalUsername({ username }: { username: string }) {
  const copyState = useDesk((s) => s.copyState)
  const copyUsername = useDesk((s) => s.copyUsername)

  return (
    <div className="portal-username">
      <dl className="username-block">
        <dt id="portal-username-label" className="field-label">
          Username
        </dt>
        <dd className="username" aria-labelledby="portal-username-label">
          {username}
        </dd>
      </dl>
      <button type="button" className="button button-small" onClick={() => void copyUsername()}>
        Copy username
      </button>
      <p className="copy-status" role="status">
        {copyState === 'copied' ? 'Username copied' : ''}
      </p>
      {copyState === 'failed' && (
        <p className="message message-error" role="alert">
          The username could not be copied. Select it and copy it by hand.
        </p>
      )}
    </div>
  )
}
