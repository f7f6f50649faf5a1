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

const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' })
const MINUTE_MS = 60_000

/**
 * How far off an ISO timestamp is, in the unit staff would say aloud: "in 1 hour", "in 2 days",
 * "in 45 minutes". Read from the timestamp, so the UI never repeats main's expiry rules.
 */
export function formatTimeUntil(iso: string, now: number = Date.now()): string {
  const time = new Date(iso).getTime()
  if (Number.isNaN(time)) return ''
  const minutes = Math.round((time - now) / MINUTE_MS)
  if (Math.abs(minutes) < 60) return relativeFormat.format(minutes, 'minute')
  if (Math.abs(minutes) < 48 * 60) return relativeFormat.format(Math.round(minutes / 60), 'hour')
  return relativeFormat.format(Math.round(minutes / (24 * 60)), 'day')
}
