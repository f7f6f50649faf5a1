const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })
// A date of birth is a calendar date, not an instant: format it in UTC so no time zone shifts the day.
const calendarDateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeZone: 'UTC' })

/** An ISO timestamp as local date and time, e.g. "Mar 27, 2025, 2:05 PM". */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date)
}

/** A `YYYY-MM-DD` calendar date, date only, e.g. "March 27, 1984". */
export function formatDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? isoDate : calendarDateFormat.format(date)
}
