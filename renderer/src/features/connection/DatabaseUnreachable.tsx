import { useEffect, useId, useRef, useState } from 'react'
import { useDesk } from '../../store'

/**
 * The full-window message while the practice's database can't be reached. A native modal dialog,
 * so it sits above everything (an open code dialog too), everything behind it is inert and hidden
 * from assistive technology, and the keyboard is inside it. Nothing behind it is unmounted: a
 * half-typed form is exactly as it was, and focus goes back to where it was, when the server is back.
 */
export function DatabaseUnreachable() {
  const down = useDesk((s) => s.databaseDown)
  const location = useDesk((s) => s.databaseLocation)
  const retryNow = useDesk((s) => s.retryDatabaseNow)
  // Only a Retry pressed here is answered in words: the desk's own tries every few seconds stay quiet.
  const [retry, setRetry] = useState<'idle' | 'trying' | 'failed'>('idle')
  const ref = useRef<HTMLDialogElement>(null)
  const focusBefore = useRef<Element | null>(null)
  const stillDown = useRef(down)
  const titleId = useId()
  const textId = useId()

  useEffect(() => {
    stillDown.current = down
    const dialog = ref.current
    if (!dialog) return
    if (down && !dialog.open) {
      setRetry('idle')
      focusBefore.current = document.activeElement
      dialog.showModal()
    } else if (!down && dialog.open) {
      dialog.close()
      const previous = focusBefore.current
      focusBefore.current = null
      if (previous instanceof HTMLElement && previous.isConnected) previous.focus()
    }
  }, [down])

  return (
    <dialog
      ref={ref}
      className="outage-dialog"
      role="alertdialog"
      aria-labelledby={titleId}
      aria-describedby={textId}
      // Escape can't dismiss it: there is nothing to go back to until the server answers.
      onCancel={(event) => {
        event.preventDefault()
      }}
      onClose={() => {
        // Closed by the browser anyway (a repeated Escape): still waiting, so it stays.
        if (stillDown.current && ref.current && !ref.current.open) ref.current.showModal()
      }}
    >
      {/* Nothing inside while the database answers: a closed dialog holds no stale words for any reader or search. */}
      {down && <div className="outage-card">
        <h2 id={titleId}>
          {location ? (
            <>
              Can’t reach the practice database at <span className="mono">{location}</span>. Retrying…
            </>
          ) : (
            'Can’t reach the practice database. Retrying…'
          )}
        </h2>
        <p id={textId}>
          Whatever you have typed is kept. Nothing can be saved until the server answers again; Portico carries on by
          itself as soon as it does. If this goes on, check that the practice’s server is switched on and that this
          computer is connected to the office network.
        </p>
        <div className="toolbar">
          <button
            type="button"
            className="button button-primary"
            aria-busy={retry === 'trying' || undefined}
            onClick={() => {
              if (retry === 'trying') return
              setRetry('trying')
              void retryNow().then((answered) => {
                setRetry(answered ? 'idle' : 'failed')
              })
            }}
          >
            Retry
          </button>
          <span className="muted" role="status">
            {retry === 'trying' ? 'Trying now…' : retry === 'failed' ? 'Still no answer. Portico keeps trying every few seconds.' : ''}
          </span>
        </div>
      </div>}
    </dialog>
  )
}
