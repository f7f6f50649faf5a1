import { formatDateTime } from '../../lib/format'
import { useDesk } from '../../store'

interface PortalLockNoticeProps {
  lockedUntil: string | null
  /** Called once the lock is lifted, since the Unlock button (and the keyboard focus on it) is gone. */
  onUnlocked: () => void
}

/** Too many failed sign-ins lock the account for a while; staff who have checked with the client can lift it. */
export function PortalLockNotice({ lockedUntil, onUnlocked }: PortalLockNoticeProps) {
  const unlocking = useDesk((s) => s.unlocking)
  const unlockError = useDesk((s) => s.unlockError)
  const unlockNotice = useDesk((s) => s.unlockNotice)
  const unlockPortalAccount = useDesk((s) => s.unlockPortalAccount)

  return (
    <>
      {lockedUntil && (
        <div className="message message-warning lock-notice">
          <p>{`Locked after failed sign-ins until ${formatDateTime(lockedUntil)}`}</p>
          <button
            type="button"
            className="button button-small"
            aria-busy={unlocking || undefined}
            onClick={() =>
              void unlockPortalAccount().then((unlocked) => {
                if (unlocked) onUnlocked()
              })
            }
          >
            Unlock
          </button>
        </div>
      )}
      {/* Always present, so the announcement is heard when the text arrives. */}
      <p className="message-status lock-status" role="status">
        {unlockNotice ?? ''}
      </p>
      {unlockError && (
        <p className="message message-error" role="alert">
          {unlockError}
        </p>
      )}
    </>
  )
}
