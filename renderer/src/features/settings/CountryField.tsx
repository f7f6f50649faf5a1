import { useMemo } from 'react'
import { COUNTRY_CODES } from '../../../../shared/countries'

interface CountryFieldProps {
  id: string
  /** ISO 3166-1 alpha-2, or empty: not chosen. */
  value: string
  error: string | undefined
  onChange: (code: string) => void
}

/** The practice's country, by name in the desk's language (the code is what is saved). */
export function CountryField({ id, value, error, onChange }: CountryFieldProps) {
  const errorId = `${id}-error`
  const hintId = `${id}-hint`
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames(undefined, { type: 'region' })
    return COUNTRY_CODES.map((code) => ({ code, name: names.of(code) ?? code })).sort((a, b) => a.name.localeCompare(b.name))
  }, [])
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        Country
      </label>
      <p className="field-hint" id={hintId}>
        Where the practice is: phone numbers without a country code are read as this country’s.
      </p>
      <select
        id={id}
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        onChange={(e) => onChange(e.target.value)}
      >
        <option value="">Choose a country</option>
        {countries.map(({ code, name }) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  )
}
