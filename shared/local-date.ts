/**
 * Calendar days where the desk is: this process's own time zone (the computer's, or TZ), through
 * Date's local getters and setters, so daylight saving and zones like UTC+14 are the engine's
 * business, not ours. A date of birth and an audit day are the desk's days, never UTC's.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** The local calendar date at `at` (now by default), as YYYY-MM-DD. */
export function localIsoDate(at: Date = new Date()): string {
  return `${pad(at.getFullYear(), 4)}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`
}

/**
 * The first moment of a local calendar day (YYYY-MM-DD): its midnight, or the first moment after a
 * clock change that skips midnight. With `plusDays` it is that many days later, whatever their length.
 */
export function localDayStart(isoDate: string, plusDays = 0): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  // setFullYear, not the Date(y, m, d) constructor, which reads years 0–99 as 1900–1999.
  const at = new Date(2000, 0, 1)
  at.setFullYear(year, month - 1, day + plusDays)
  return at
}
