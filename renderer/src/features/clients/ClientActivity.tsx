import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { ActivityItem } from '../../../../shared/dto'
import { formatShortDateTime } from '../../lib/format'
import { useDesk } from '../../store'

const BADGES: Record<ActivityItem['outcome'], string | null> = { success: null, failure: 'Failed', denied: 'Refused' }

/**
 * The client's portal history in plain words, newest first. Loaded when the tab opens, and again
 * each time a change from the Client Portal Access panel settles (whether it went through or not).
 */
export function ClientActivity({ clientId }: { clientId: number }) {
  const { items, shownFor, loading, error } = useDesk(
    useShallow((s) => ({
      items: s.activity,
      shownFor: s.activityClientId,
      loading: s.activityLoading,
      error: s.activityError,
    })),
  )
  const portalBusy = useDesk((s) => s.portalSaving || s.inviteSending || s.resetSending || s.unlocking)
  const loadActivity = useDesk((s) => s.loadActivity)
  useEffect(() => {
    if (!portalBusy) void loadActivity()
  }, [clientId, portalBusy, loadActivity])

  const mine = shownFor === clientId ? items : []
  if (error) {
    return (
      <div className="message message-error" role="alert">
        <p>{error}</p>
        <button type="button" className="button button-small" onClick={() => void loadActivity()}>
          Try again
        </button>
      </div>
    )
  }
  if (mine.length === 0) {
    return <p className="empty-state">{loading ? 'Loading activity…' : 'No portal activity yet.'}</p>
  }
  return (
    <ol className="activity-list" aria-label="Portal activity" aria-busy={loading || undefined}>
      {mine.map((item) => {
        // "…failed" or "…refused" already says it: a badge after it would only repeat the word.
        const word = BADGES[item.outcome]
        const badge = word && !new RegExp(`\\b${word}\\b`, 'i').test(item.text) ? word : null
        return (
          <li key={item.id} className="activity-item">
            <time className="activity-time" dateTime={item.at}>
              {formatShortDateTime(item.at)}
            </time>
            <span className="activity-text">
              {item.text}
              {badge && (
                <>
                  {' '}
                  <span className="badge badge-failed">{badge}</span>
                </>
              )}
            </span>
          </li>
        )
      })}
    </ol>
  )
}
