import type { ImportCheck, ImportDateFormat, ImportTarget } from '../../../../shared/client-import'
import { FIELDS } from './import-file'

/** Match columns: each Portico field with a select of the file's columns; the columns left out are listed. */
export function MatchColumns({ check, byField, onChange }: { check: ImportCheck; byField: Partial<Record<ImportTarget, string>>; onChange: (next: Partial<Record<ImportTarget, string>>) => void }) {
  const used = new Set(Object.values(byField))
  const leftOut = check.columns.map((c) => c.column).filter((c) => !used.has(c))
  return (
    <>
      <table className="import-table">
        <caption>Each Portico field and the column of {check.fileName} it is read from</caption>
        <thead>
          <tr><th scope="col">Portico field</th><th scope="col">Column in the file</th></tr>
        </thead>
        <tbody>
          {FIELDS.map(({ target, label }) => (
            <tr key={target}>
              <th scope="row"><label htmlFor={`match-${target}`}>{label}</label></th>
              <td>
                <select id={`match-${target}`} value={byField[target] ?? ''} onChange={(e) => onChange({ ...byField, [target]: e.target.value || undefined })}>
                  <option value="">(none)</option>
                  {check.columns.map((c) => <option key={c.column} value={c.column}>{c.column}</option>)}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>{leftOut.length === 0 ? 'Every column of the file is used.' : `Not imported: ${leftOut.map((c) => `“${c}”`).join(', ')}. Choose a field for a column to import it.`}</p>
    </>
  )
}

/** The dates' question, asked only when every date reads both ways: three of them shown as each format reads them. */
export function ChooseDateFormat({ check, value, onChange }: { check: ImportCheck; value: ImportDateFormat | null; onChange: (f: ImportDateFormat) => void }) {
  const ambiguity = check.dateAmbiguity!
  return (
    <fieldset className="import-dates">
      <legend>Every date of birth in this file could be read two ways. Which is right?</legend>
      {ambiguity.formats.map((format, i) => (
        <label key={format} className="radio-field">
          <input type="radio" name="date-format" checked={value === format} onChange={() => onChange(format)} />
          {format === 'MM/DD/YYYY' || format === 'M/D/YY' ? 'Month first' : 'Day first'} ({format}):{' '}
          {ambiguity.examples.map((e) => `${e.value} is ${longDate(e.readings[i as 0 | 1])}`).join('; ')}
        </label>
      ))}
    </fieldset>
  )
}

const longDate = (iso: string) => new Date(`${iso}T12:00:00`).toLocaleDateString('en-US', { day: 'numeric', month: 'long', year: 'numeric' })

/** Preview: the first rows as they will be saved, the counts, the problems and the likely duplicates. */
export function Preview({ check, skipDuplicates, onSkip, onDownload }: { check: ImportCheck; skipDuplicates: boolean; onSkip: (skip: boolean) => void; onDownload: () => void }) {
  return (
    <>
      <p role="status">
        {check.ready.toLocaleString()} {check.ready === 1 ? 'client' : 'clients'} ready · {check.badRows.toLocaleString()} {check.badRows === 1 ? 'row' : 'rows'} with problems · {check.duplicates.count.toLocaleString()} likely {check.duplicates.count === 1 ? 'duplicate' : 'duplicates'}
      </p>
      {check.problemCount > 0 && (
        <div className="message message-error">
          <p>Fix these rows in the file, then choose it again. Nothing is imported until every row is right.</p>
          <ul className="import-problems">
            {check.problems.slice(0, 20).map((p) => <li key={`${String(p.line)}-${p.field ?? ''}`}>Line {p.line}{p.field ? `, ${p.field}` : ''}: {p.message}</li>)}
          </ul>
          <button type="button" className="button button-small" onClick={onDownload}>Download the problems (CSV)</button>
        </div>
      )}
      {check.preview.length > 0 && (
        <div className="import-scroll" role="region" aria-label="Preview of the first clients" tabIndex={0}>
        <table className="import-table">
          <caption>{check.preview.length === 1 ? 'The client as it will be saved' : `The first ${String(check.preview.length)} clients as they will be saved`}</caption>
          <thead>
            <tr>{['First name', 'Last name', 'Preferred name', 'Date of birth', 'Email', 'Phone', 'Status'].map((h) => <th key={h} scope="col">{h}</th>)}</tr>
          </thead>
          <tbody>
            {check.preview.map((r, i) => (
              <tr key={i}>
                <td>{r.firstName}</td><td>{r.lastName}</td><td>{r.preferredName}</td><td>{r.dateOfBirth}</td><td>{r.email}</td><td>{r.phone}</td><td>{r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {check.duplicates.count > 0 && (
        <fieldset>
          <legend>Likely duplicates: same name and date of birth as a client already here, or as an earlier row</legend>
          <ul className="import-problems">
            {check.duplicates.items.map((d, i) => <li key={i}>{d.firstName} {d.lastName}, born {d.dateOfBirth}{d.alreadyHere ? ' (already here)' : ' (twice in the file)'}</li>)}
          </ul>
          <label className="radio-field"><input type="radio" name="duplicates" checked={skipDuplicates} onChange={() => onSkip(true)} /> Skip them</label>
          <label className="radio-field"><input type="radio" name="duplicates" checked={!skipDuplicates} onChange={() => onSkip(false)} /> Import them too</label>
        </fieldset>
      )}
    </>
  )
}
