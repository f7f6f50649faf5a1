import { useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { PracticeDatabaseStatus } from '../../../../shared/practice-database'
import { useDesk } from '../../store'
import { FormAlert } from '../forms/FormAlert'
import { ConfirmChangeDialog } from './ConfirmChangeDialog'
import { PracticeCountsTable } from './PracticeCountsTable'
import { PracticeServerForm } from './PracticeServerForm'

type Choice = 'built-in' | 'server'

/**
 * Settings → Practice database (admins): this computer only (the built-in database), or the
 * practice's shared PostgreSQL server, which several desks use at once.
 */
export function PracticeDatabaseSettings() {
  const { status, loadError, change } = useDesk(
    useShallow((s) => ({ status: s.practiceDatabase, loadError: s.practiceDatabaseLoadError, change: s.practiceDatabaseChange })),
  )
  const loadPracticeDatabase = useDesk((s) => s.loadPracticeDatabase)
  useEffect(() => {
    void loadPracticeDatabase()
  }, [loadPracticeDatabase])

  return (
    <section className="settings-section" aria-labelledby="practice-database-heading" aria-busy={!status && !loadError ? true : undefined}>
      <h2 id="practice-database-heading" className="panel-title">
        Practice database
      </h2>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={() => void loadPracticeDatabase()}>
            Try again
          </button>
        </div>
      )}
      {change && <ChangeOutcome />}
      {status ? <PracticeDatabaseChoice key={`${status.kind}:${status.location}`} status={status} /> : !loadError && <p className="muted">Loading…</p>}
    </section>
  )
}

/** Where this desk's practice is, and the choice between this computer and the practice server. */
function PracticeDatabaseChoice({ status }: { status: PracticeDatabaseStatus }) {
  const [choice, setChoice] = useState<Choice>(status.kind)
  return (
    <>
      <p>
        {status.kind === 'built-in' ? 'This desk uses the database built into this computer: ' : 'This desk uses the practice server '}
        <span className="mono">{status.location}</span>.
      </p>
      {status.notices.map((notice) => (
        <p key={notice} className="message message-warning" role="note">
          {notice}
        </p>
      ))}
      <fieldset className="choice-list">
        <legend className="field-label">Where this practice’s data is kept</legend>
        <label>
          <input type="radio" name="practice-database" value="built-in" checked={choice === 'built-in'} onChange={() => setChoice('built-in')} /> This computer only (built-in)
        </label>
        <label>
          <input type="radio" name="practice-database" value="server" checked={choice === 'server'} onChange={() => setChoice('server')} /> Shared practice server (PostgreSQL)
        </label>
      </fieldset>
      {choice === 'server' ? (
        <PracticeServerForm status={status} />
      ) : status.kind === 'server' ? (
        <BackToBuiltIn />
      ) : (
        <p className="small muted">Nothing to install, and it works without a network. For several desks, choose the shared practice server.</p>
      )}
    </>
  )
}

/** From a server back to this computer's built-in database, after asking. */
function BackToBuiltIn() {
  const [asking, setAsking] = useState(false)
  const [message, setMessage] = useState<string | null>(null)
  const busy = useDesk((s) => s.practiceDatabaseBusy)
  const useBuiltInDatabase = useDesk((s) => s.useBuiltInDatabase)
  const onConfirm = async () => {
    setAsking(false)
    const outcome = await useBuiltInDatabase()
    setMessage(outcome.ok ? null : outcome.message)
  }
  return (
    <div className="settings-form">
      <FormAlert message={message} />
      <p className="small muted">
        The database built into this computer holds what it held when this desk last used it, not what was entered on the server since.
      </p>
      <div className="toolbar">
        <button type="button" className="button" aria-busy={busy === 'built-in' || undefined} onClick={() => setAsking(true)}>
          Use the built-in database
        </button>
      </div>
      <ConfirmChangeDialog
        ask={asking ? { title: 'Use the database built into this computer?', text: 'This desk stops using the practice server. Other desks carry on with it. Anything entered on the server is not in this computer’s database.', confirm: 'Use the built-in database' } : null}
        onConfirm={() => void onConfirm()}
        onCancel={() => setAsking(false)}
      />
    </div>
  )
}

/** What the last change did, in words, with the counts after a move. */
function ChangeOutcome() {
  const change = useDesk((s) => s.practiceDatabaseChange)
  if (!change) return null
  return (
    <div className="message message-note">
      <p role="status">{change.message}</p>
      {change.counts && <PracticeCountsTable before={change.counts.before} after={change.counts.after} />}
    </div>
  )
}
