import { type SyntheticEvent, useEffect, useState } from 'react'
import type { UpdateSettings as Settings } from '../../../../shared/update-settings'
import { ApiCallError, call, errorMessage } from '../../lib/api'
import { FormField } from '../clients/FormField'
import { FormAlert } from '../forms/FormAlert'

type FeedType = 'generic' | 'github'
interface Values {
  enabled: boolean
  type: FeedType
  url: string
  owner: string
  repo: string
}

const valuesOf = (s: Settings): Values => ({
  enabled: s.enabled,
  type: s.feed?.type ?? 'generic',
  url: s.feed?.type === 'generic' ? s.feed.url : '',
  owner: s.feed?.type === 'github' ? s.feed.owner : '',
  repo: s.feed?.type === 'github' ? s.feed.repo : '',
})

/** Empty fields mean "no feed", so updates can be left off without one. */
function settingsOf(v: Values): Settings {
  const empty = v.type === 'generic' ? v.url.trim() === '' : v.owner.trim() === '' && v.repo.trim() === ''
  if (empty) return { enabled: v.enabled, feed: null }
  return { enabled: v.enabled, feed: v.type === 'generic' ? { type: 'generic', url: v.url.trim() } : { type: 'github', owner: v.owner.trim(), repo: v.repo.trim() } }
}

/** Settings → Updates (admins): off by default, because many practices are offline. */
export function UpdateSettings() {
  const [values, setValues] = useState<Values | null>(null)
  const [loadError, setLoadError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState('')
  const [message, setMessage] = useState<string | null>(null)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})

  const load = () => {
    setLoadError(null)
    call('getUpdateSettings', {}).then(
      (settings) => setValues(valuesOf(settings)),
      (error: unknown) => setLoadError(errorMessage(error)),
    )
  }
  useEffect(load, [])

  const change = (patch: Partial<Values>) => {
    setValues((v) => (v ? { ...v, ...patch } : v))
    setNotice('')
    setFieldErrors((errors) => Object.fromEntries(Object.entries(errors).filter(([name]) => !(name in patch))))
  }

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!values || saving) return
    setSaving(true)
    setMessage(null)
    call('setUpdateSettings', { settings: settingsOf(values) }).then(
      (saved) => {
        setSaving(false)
        setValues(valuesOf(saved))
        setFieldErrors({})
        setNotice(saved.enabled ? 'Saved. Portico checks for updates at start and when you choose Help → Check for Updates.' : 'Saved. Updates are off.')
      },
      (error: unknown) => {
        setSaving(false)
        const issues = error instanceof ApiCallError ? error.fields : []
        // "settings.feed.url" belongs beside the address field, "settings.feed" beside the switch.
        const byField = Object.fromEntries(issues.map((i) => [i.field.split('.').at(-1) === 'feed' ? 'enabled' : (i.field.split('.').at(-1) ?? ''), i.message]))
        setFieldErrors(byField)
        setMessage(issues.length > 0 ? 'Some details need attention before this can be saved.' : errorMessage(error))
      },
    )
  }

  return (
    <section className="settings-section" aria-labelledby="updates-heading">
      <h2 id="updates-heading" className="panel-title">
        Updates
      </h2>
      <p>
        Portico can check for new versions and install them after asking, with a backup first. Off by default:
        turn it on only if this computer can reach your update server or GitHub.
      </p>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {values ? (
        <form className="settings-form" aria-labelledby="updates-heading" noValidate onSubmit={onSubmit}>
          <FormAlert message={message} />
          <div className="switch-row">
            <button
              type="button"
              role="switch"
              className="switch"
              aria-checked={values.enabled}
              aria-label="Check for updates"
              aria-describedby={fieldErrors['enabled'] ? 'updates-enabled-error' : undefined}
              onClick={() => change({ enabled: !values.enabled })}
            >
              <span className="switch-knob" aria-hidden="true" />
            </button>
            <span className="switch-text" aria-hidden="true">Check for updates: {values.enabled ? 'On' : 'Off'}</span>
          </div>
          {fieldErrors['enabled'] && (
            <p className="field-error" id="updates-enabled-error">
              {fieldErrors['enabled']}
            </p>
          )}
          <div className="field">
            <label className="field-label" htmlFor="updates-feed-type">
              Updates come from
            </label>
            <select
              id="updates-feed-type"
              className="input"
              value={values.type}
              onChange={(e) => change({ type: e.target.value === 'github' ? 'github' : 'generic' })}
            >
              <option value="generic">An update server</option>
              <option value="github">GitHub releases</option>
            </select>
          </div>
          {values.type === 'generic' ? (
            <FormField
              id="updates-url"
              name="url"
              label="Update server address"
              hint="The https:// address your IT support gives you."
              spellCheck={false}
              autoComplete="off"
              value={values.url}
              error={fieldErrors['url']}
              onValueChange={(url) => change({ url })}
            />
          ) : (
            <>
              <FormField id="updates-owner" name="owner" label="GitHub owner" spellCheck={false} autoComplete="off" value={values.owner} error={fieldErrors['owner']} onValueChange={(owner) => change({ owner })} />
              <FormField id="updates-repo" name="repo" label="Repository" spellCheck={false} autoComplete="off" value={values.repo} error={fieldErrors['repo']} onValueChange={(repo) => change({ repo })} />
            </>
          )}
          <div className="toolbar">
            <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
              Save update settings
            </button>
          </div>
          <p className="settings-status" role="status">
            {saving ? 'Saving…' : notice}
          </p>
        </form>
      ) : (
        !loadError && <p className="muted">Loading…</p>
      )}
    </section>
  )
}
