import { addDays, format, isValid, parse, subYears } from 'date-fns'

/** The date formats a file's dates of birth may be in, as staff name them (`--date-format`). */
export const DATE_FORMATS = ['YYYY-MM-DD', 'YYYY/MM/DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'M/D/YY', 'D/M/YY', 'excel'] as const
export type DateFormat = (typeof DATE_FORMATS)[number]

/** The shape a value must have before date-fns reads it (its `yyyy` would take "85" as the year 85). */
const SHAPES: Record<DateFormat, RegExp> = {
  'YYYY-MM-DD': /^\d{4}-\d{1,2}-\d{1,2}$/,
  'YYYY/MM/DD': /^\d{4}\/\d{1,2}\/\d{1,2}$/,
  'MM/DD/YYYY': /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/,
  'DD/MM/YYYY': /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/,
  'M/D/YY': /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/,
  'D/M/YY': /^\d{1,2}[/.-]\d{1,2}[/.-]\d{2}$/,
  excel: /^\d{1,5}$/,
}
const PATTERNS: Record<Exclude<DateFormat, 'excel'>, string> = {
  'YYYY-MM-DD': 'yyyy-M-d',
  'YYYY/MM/DD': 'yyyy/M/d',
  'MM/DD/YYYY': 'M/d/yyyy',
  'DD/MM/YYYY': 'd/M/yyyy',
  'M/D/YY': 'M/d/yy',
  'D/M/YY': 'd/M/yy',
}
const ISO = /^\d{4}-\d{2}-\d{2}$/
/** Day 0 of Excel's serial dates (its 1900 leap-year bug makes it 30 December 1899). */
const EXCEL_EPOCH = new Date(1899, 11, 30)

/** `value` in `dateFormat` as an ISO date (1985-03-14), or null when it isn't one. Two-digit years go to the past. */
export function toIsoDate(value: string, dateFormat: DateFormat, today = new Date()): string | null {
  const v = value.trim()
  // Already ISO: the desk's own rule (ClientInput) says whether it is a real date; date-fns would only repeat it, slowly.
  if (dateFormat === 'YYYY-MM-DD' && ISO.test(v)) return v
  if (!SHAPES[dateFormat].test(v)) return null
  let date: Date
  if (dateFormat === 'excel') {
    const serial = Number(v)
    if (serial < 1) return null
    date = addDays(EXCEL_EPOCH, serial)
  } else {
    date = parse(v.replace(/[.-]/g, dateFormat.startsWith('YYYY-') ? '-' : '/'), PATTERNS[dateFormat], today)
    if (isValid(date) && dateFormat.endsWith('YY') && !dateFormat.endsWith('YYYY') && date > today) date = subYears(date, 100)
  }
  return isValid(date) ? format(date, 'yyyy-MM-dd') : null
}

/** A file's dates read both ways, for staff to choose: three of them, shown as each format reads them. */
export interface DateAmbiguity {
  formats: [DateFormat, DateFormat]
  examples: { value: string; readings: [string, string] }[]
}

export type DateDetection = { format: DateFormat; ambiguity: null } | { format: null; ambiguity: DateAmbiguity }

const MONTH_FIRST_OR_DAY_FIRST: [DateFormat, DateFormat][] = [['MM/DD/YYYY', 'DD/MM/YYYY'], ['M/D/YY', 'D/M/YY']]

/**
 * The format every one of `values` reads in. When month-first and day-first both read them all (every
 * day ≤ 12), the file is ambiguous and the answer says so, with three of its dates read both ways.
 * When no format reads them all, the one that reads most (its misfits are reported per row).
 */
export function detectDateFormat(values: readonly string[], today = new Date()): DateDetection {
  // Dates of birth repeat in a large file; each distinct one is read once per format.
  const filled = [...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))]
  const reads = new Map(DATE_FORMATS.map((f) => [f, filled.filter((v) => toIsoDate(v, f, today) !== null).length]))
  for (const pair of MONTH_FIRST_OR_DAY_FIRST) {
    if (filled.length > 0 && pair.every((f) => reads.get(f) === filled.length) && filled.some((v) => toIsoDate(v, pair[0], today) !== toIsoDate(v, pair[1], today))) {
      const examples = filled
        .filter((v) => toIsoDate(v, pair[0], today) !== toIsoDate(v, pair[1], today))
        .slice(0, 3)
        .map((value) => ({ value, readings: [toIsoDate(value, pair[0], today)!, toIsoDate(value, pair[1], today)!] as [string, string] }))
      return { format: null, ambiguity: { formats: pair, examples } }
    }
  }
  let best: DateFormat = 'YYYY-MM-DD'
  for (const f of DATE_FORMATS) if (reads.get(f)! > reads.get(best)!) best = f
  return { format: best, ambiguity: null }
}
