import { useId } from 'react'
import { CLIENT_FILTER_LABELS, ClientFilter } from '../../../../shared/client-filter'
import { useDesk } from '../../store'

/**
 * The list's filter row: All, Active, Inactive, Portal on, Locked, Invited, each with its count. A
 * native radio group: Tab reaches the chosen one, the arrow keys move and choose, and a screen
 * reader hears "Inactive 37, radio button, 3 of 6". It narrows the list and any search alike.
 */
export function ClientFilters() {
  const filter = useDesk((s) => s.filter)
  const counts = useDesk((s) => s.counts?.byFilter ?? null)
  const setFilter = useDesk((s) => s.setFilter)
  const name = useId()
  return (
    <fieldset className="client-filters">
      <legend className="visually-hidden">Show clients</legend>
      {ClientFilter.options.map((option) => (
        <label key={option} className="filter-choice">
          <input type="radio" name={name} value={option} checked={filter === option} onChange={() => void setFilter(option)} />
          <span className="filter-label">{CLIENT_FILTER_LABELS[option]}</span>
          {/* The space makes the name "Inactive 37", not "Inactive37"; a flex row doesn't draw it. */}
          {counts && ' '}
          {counts && <span className="filter-count">{counts[option].toLocaleString()}</span>}
        </label>
      ))}
    </fieldset>
  )
}
