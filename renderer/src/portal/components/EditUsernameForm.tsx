import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { ChangeUsernameBody, type PortalMe } from '../../../../shared/portal-api'
import { canonicalUsername, usernameProblem } from '../../../../shared/username'
import { portal } from '../lib/endpoints'
import { isSessionEnd } from '../lib/portal-client'
import { useForm } from '../lib/use-form'
import { SAME_USERNAME, useUsernameCheck } from '../lib/use-username-check'
import { allProblems, schemaProblems, someProblems } from '../lib/validate'
import { FormAlert } from './Notices'
import { FormField } from './FormField'
import { UsernameHint } from './hints'

const FIELDS = ['newUsername', 'currentPassword'] as const

interface EditUsernameFormProps {
  currentUsername: string
  onSaved: (me: PortalMe) => void
  onCancel: () => void
}

/** The article's last step: type the new username, confirm with the current password, Save. */
export function EditUsernameForm({ currentUsername, onSaved, onCancel }: EditUsernameFormProps) {
  const [newUsername, setNewUsername] = useState('')
  const [currentPassword, setCurrentPassword] = useState('')
  const { formRef, busy, fields, formError, showProblems, submit, clearField } = useForm(FIELDS)
  const check = useUsernameCheck(newUsername, currentUsername)
  const firstFieldRef = useRef<HTMLInputElement>(null)
  const headingId = useId()
  const statusId = useId()

  useEffect(() => firstFieldRef.current?.focus(), [])

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const body = { newUsername, currentPassword }
    const same = canonicalUsername(newUsername) === currentUsername ? SAME_USERNAME : null
    const problems = allProblems(someProblems({ newUsername: same ?? usernameProblem(newUsername) }), schemaProblems(ChangeUsernameBody, body))
    if (problems) return showProblems(problems)
    await submit(async () => {
      try {
        onSaved(await portal.changeUsername(body))
      } catch (error) {
        // The session listener is already taking the client to sign-in; nothing to show here.
        if (!isSessionEnd(error)) throw error
      }
    })
  }

  // While the server's own message is under the field, the live check would only repeat it.
  const liveText = fields.newUsername ? '' : check.text

  return (
    <section className="card edit-username" aria-labelledby={headingId}>
      <h2 id={headingId}>Edit username</h2>
      <form ref={formRef} className="form" noValidate onSubmit={onSubmit}>
        <FormAlert>{formError?.message}</FormAlert>
        <FormField
          ref={firstFieldRef}
          name="newUsername"
          label="New username"
          autoComplete="username"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          value={newUsername}
          onChange={(event) => {
            setNewUsername(event.target.value)
            clearField('newUsername')
          }}
          hint={<UsernameHint />}
          error={fields.newUsername}
          statusId={statusId}
          status={
            <p id={statusId} role="status" aria-live="polite" className={`username-check username-check-${liveText ? check.kind : 'idle'}`}>
              {liveText}
            </p>
          }
        />
        <FormField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => {
            setCurrentPassword(event.target.value)
            clearField('currentPassword')
          }}
          hint="To keep your account safe, confirm it’s you."
          error={fields.currentPassword}
        />
        <div className="form-actions">
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" aria-busy={busy || undefined}>
            Save
          </button>
        </div>
      </form>
    </section>
  )
}
