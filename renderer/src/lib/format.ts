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

const shortCalendarDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })

/** A `YYYY-MM-DD` calendar date, short, for list rows, e.g. "Mar 27, 1984" (or "27 Mar 1984"). */
export function formatShortDate(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? isoDate : shortCalendarDateFormat.format(date)
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

const activityFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
})

/** An ISO timestamp as a compact local date and time for lists, e.g. "27 Nov 2026, 14:02". */
export function formatShortDateTime(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : activityFormat.format(date)
}

/** A file size in the unit people expect: "840 KB", "2.4 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} bytes`
  const units = ['KB', 'MB', 'GB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)} ${units[unit] ?? 'GB'}`
}

/** A local calendar day as `YYYY-MM-DD`, for date inputs; `daysAgo` counts back from `now`. */
export function localIsoDate(daysAgo = 0, now: Date = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - daysAgo)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${String(day.getFullYear())}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' })
const dayYearFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' })

/**
 * An expiry as a client would say it, e.g. "Thursday 7 January at 3:15 PM" (the year only when it
 * is not this year's), in the desk's language and time zone.
 */
export function formatDayAndTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  const day = (date.getFullYear() === now.getFullYear() ? dayFormat : dayYearFormat).format(date)
  return `${day} at ${timeFormat.format(date)}`
}
