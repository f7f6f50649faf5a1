import { type SyntheticEvent, useState } from 'react'
import type { PracticeDatabaseStatus, ServerTls } from '../../../../shared/practice-database'
import { type PracticeServerValues, useDesk } from '../../store'
import type { FormOutcome } from '../../store/form-outcome'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'
import { useFormOutcome } from '../forms/use-form-outcome'
import { ConfirmChangeDialog } from './ConfirmChangeDialog'

/** An audit key file is a few hundred bytes; anything much larger is the wrong file. */
const MAX_KEY_BYTES = 10_000

const valuesOf = (status: PracticeDatabaseStatus): PracticeServerValues => ({
  host: status.server?.host ?? '',
  port: String(status.server?.port ?? 5432),
  database: status.server?.database ?? '',
  user: status.server?.user ?? '',
  password: '',
  tls: status.server?.tls ?? 'require',
  caFile: status.server?.caFile ?? '',
})

/**
 * Settings → Practice database → Shared practice server: Host, Port, Database, Username,
 * Password and TLS, with Test connection, Use this server, and (from the built-in database) Move
 * this practice to the server. What was typed stays whatever happens; the password is never shown
 * again once saved.
 */
export function PracticeServerForm({ status }: { status: PracticeDatabaseStatus }) {
  const [values, setValues] = useState(() => valuesOf(status))
  const [keyFile, setKeyFile] = useState<File | null>(null)
  const [checked, setChecked] = useState<{ ok: boolean; text: string } | null>(null)
  const [asking, setAsking] = useState(false)
  const busy = useDesk((s) => s.practiceDatabaseBusy)
  const checkPracticeServer = useDesk((s) => s.checkPracticeServer)
  const joinPracticeServer = useDesk((s) => s.joinPracticeServer)
  const movePracticeToServer = useDesk((s) => s.movePracticeToServer)
  const { formRef, fieldErrors, message, take, clearField } = useFormOutcome()
  const builtIn = status.kind === 'built-in'
  const passwordSaved = status.server?.passwordSaved === true

  const change = (patch: Partial<PracticeServerValues>) => {
    setValues((v) => ({ ...v, ...patch }))
    setChecked(null)
    for (const name of Object.keys(patch)) clearField(name)
  }

  const onTest = async () => {
    setChecked(null)
    const { outcome, result } = await checkPracticeServer(values, 'join')
    take(outcome)
    if (!result) return
    // From the built-in database an empty server is good news: the practice can be moved there.
    if (!result.ok && result.problem === 'empty' && builtIn) {
      take({ ok: true })
      setChecked({ ok: true, text: 'The server answered, and its database is empty: this practice can be moved there with “Move this practice to the server”.' })
    } else {
      setChecked({ ok: result.ok, text: result.message })
    }
  }

  const onJoin = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    setChecked(null)
    let key: string | undefined
    if (keyFile) {
      if (keyFile.size > MAX_KEY_BYTES) return void take(keyProblem('That file is too large to be an audit key. Choose portico.audit-key.'))
      key = await keyFile.text()
    }
    take(await joinPracticeServer(values, key))
  }

  const onMove = async () => {
    setAsking(false)
    setChecked(null)
    take(await movePracticeToServer(values))
  }

  const describedTls = fieldErrors['tls'] ? 'practice-tls-error' : undefined
  const progress = status.moving
  return (
    <form ref={formRef} className="settings-form" aria-label="Practice server" noValidate onSubmit={(event) => void onJoin(event)}>
      <FormAlert message={message} />
      <FormField id="practice-host" name="host" label="Host" hint="The server’s name or address, from your IT support." spellCheck={false} autoComplete="off" value={values.host} error={fieldErrors['host']} onValueChange={(host) => change({ host })} />
      <div className="minutes-field">
        <FormField id="practice-port" name="port" label="Port" inputMode="numeric" autoComplete="off" value={values.port} error={fieldErrors['port']} onValueChange={(port) => change({ port })} />
      </div>
      <FormField id="practice-database" name="database" label="Database" spellCheck={false} autoComplete="off" value={values.database} error={fieldErrors['database']} onValueChange={(database) => change({ database })} />
      <FormField id="practice-user" name="user" label="Username" hint="The account Portico signs in to the server with (not a staff member’s)." spellCheck={false} autoComplete="off" value={values.user} error={fieldErrors['user']} onValueChange={(user) => change({ user })} />
      <FormField
        id="practice-password"
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint={passwordSaved ? 'This desk already has it. Leave empty to keep using it.' : 'Kept encrypted on this computer only, never in the practice’s database.'}
        value={values.password}
        error={fieldErrors['password']}
        onValueChange={(password) => change({ password })}
      />
      <div className={fieldErrors['tls'] ? 'field field-invalid' : 'field'}>
        <label className="field-label" htmlFor="practice-tls">
          TLS (encryption)
        </label>
        <select id="practice-tls" className="input" value={values.tls} aria-invalid={fieldErrors['tls'] ? true : undefined} aria-describedby={describedTls} onChange={(e) => change({ tls: e.target.value as ServerTls })}>
          <option value="off">Off (only on a network you trust)</option>
          <option value="require">Require encryption</option>
          <option value="verify">Require and verify with a CA file</option>
        </select>
        {fieldErrors['tls'] && (
          <p className="field-error" id="practice-tls-error">
            {fieldErrors['tls']}
          </p>
        )}
      </div>
      {values.tls === 'verify' && (
        <FormField id="practice-ca" name="caFile" label="CA certificate file" hint="The full path of the CA certificate file (.pem) your IT support gave you." spellCheck={false} autoComplete="off" value={values.caFile} error={fieldErrors['caFile']} onValueChange={(caFile) => change({ caFile })} />
      )}
      {builtIn && <AuditKeyField error={fieldErrors['auditKey']} onFile={(file) => {
        setKeyFile(file)
        clearField('auditKey')
      }} />}
      <div className="toolbar">
        <button type="button" className="button" aria-busy={busy === 'check' || undefined} onClick={() => void onTest()}>
          Test connection
        </button>
        <button type="submit" className="button button-primary" aria-busy={busy === 'join' || undefined}>
          Use this server
        </button>
        {builtIn && (
          <button type="button" className="button" aria-busy={busy === 'move' || undefined} onClick={() => setAsking(true)}>
            Move this practice to the server
          </button>
        )}
      </div>
      <p className="settings-status" role="status">
        {busyText(busy, progress) ?? (checked?.ok ? checked.text : '')}
      </p>
      {checked && !checked.ok && !Object.values(fieldErrors).includes(checked.text) && (
        <p className="message message-error" role="alert">
          {checked.text}
        </p>
      )}
      <ConfirmChangeDialog
        ask={
          asking
            ? {
                title: 'Move this practice to the server?',
                text: `Every client, portal account, staff account, setting and the whole audit trail is copied to ${values.host.trim() || 'the server'}. Nothing can be changed at this desk while it copies. The database on this computer is left as it was.`,
                confirm: 'Move the practice',
              }
            : null
        }
        onConfirm={() => void onMove()}
        onCancel={() => setAsking(false)}
      />
    </form>
  )
}

const keyProblem = (message: string): FormOutcome => ({ ok: false, fieldErrors: { auditKey: message }, message: null })

function busyText(busy: string | null, progress: PracticeDatabaseStatus['moving']): string | null {
  if (busy === 'check') return 'Connecting…'
  if (busy === 'join') return 'Connecting this desk to the server…'
  if (busy !== 'move') return null
  if (!progress || progress.total === 0) return 'Moving the practice…'
  return `Moving the practice… ${progress.done.toLocaleString()} of ${progress.total.toLocaleString()} records copied.`
}

/** The practice's audit key file, needed once by a desk joining a practice already on the server. */
function AuditKeyField({ error, onFile }: { error: string | undefined; onFile: (file: File | null) => void }) {
  const describedBy = ['practice-key-hint', error ? 'practice-key-error' : null].filter(Boolean).join(' ')
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor="practice-key">
        Audit key file
      </label>
      <p className="field-hint" id="practice-key-hint">
        To join a practice already on the server: its key file (portico.audit-key), saved at the first desk under Settings → Audit key. Not needed to move this practice.
      </p>
      <input id="practice-key" type="file" accept=".audit-key,application/json" aria-invalid={error ? true : undefined} aria-describedby={describedBy} onChange={(e) => onFile(e.target.files?.[0] ?? null)} />
      {error && (
        <p className="field-error" id="practice-key-error">
          {error}
        </p>
      )}
    </div>
  )
}
