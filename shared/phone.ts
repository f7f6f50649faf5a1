/**
 * Phone numbers in one format for the practice's country (issue 13).
 *
 * Storage: one canonical form, E.164 ("+64215550199"), whenever the number can be read. Shown as
 * the national format for numbers in the practice's country ("021 555 0199") and the international
 * format otherwise ("+1 202 555 0143"). E.164 is chosen over "display form + digits key" because
 * the display depends on the practice's country, which can change; the stored value must not.
 *
 * Metadata: `libphonenumber-js/max`, deliberately. Validation runs in main, where bundle size does
 * not matter, and /max knows each country's real number ranges, so "021 555 0199" is accepted and
 * a number with the right length but no such range is refused; /min only checks lengths.
 *
 * No country set: numbers written with a +country code are normalised; national numbers are kept
 * as typed (with the old character and length checks), since we can't tell which country they are.
 */
import { AsYouType, parsePhoneNumberFromString, getExampleNumber, type CountryCode } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'

const PHONE_CHARS = /^[0-9+()\-. ]*$/

function asCountry(country: string): CountryCode | undefined {
  const c = country.trim().toUpperCase()
  return /^[A-Z]{2}$/.test(c) ? (c as CountryCode) : undefined
}

/** An example number for the practice's country, as a person would type it. */
export function phoneExample(country: string): string {
  const c = asCountry(country)
  const example = c ? getExampleNumber(c, examples) : undefined
  return example ? example.formatNational() : '+64 21 555 0199'
}

/** The plain-words message for something that isn't a phone number. */
export function phoneMessage(country: string): string {
  return `Enter a phone number like ${phoneExample(country)}, or leave it empty.`
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' })
/** Countries whose English name is said with "the": "for the United States". */
const WITH_THE = new Set(['US', 'GB', 'NL', 'PH', 'AE', 'BS', 'GM', 'MV', 'DO', 'CF', 'CD', 'CG', 'KY', 'SB', 'MH', 'FO', 'VA', 'VI', 'VG', 'KM', 'SC'])

/**
 * Why a number that looks like one can't be stored: it isn't a number of the practice's country
 * (a digit missed, or a number from abroad typed without its country code). The example is from
 * another country, since that is what the person should add.
 */
export function unreadablePhoneMessage(country: string): string {
  const c = asCountry(country)
  const example = c === 'GB' ? '+1 202 555 0143' : '+44 20 7946 0958'
  const where = c ? ` for ${WITH_THE.has(c) ? 'the ' : ''}${REGION_NAMES.of(c) ?? c}` : ''
  return `This isn’t a phone number we can read${where}. Check the digits, or type it with its country code, for example ${example}.`
}

export type PhoneReading = { ok: true; stored: string } | { ok: false; message: string }

/** Reads a phone number as staff or a client typed it; what to store, or why not. */
export function normalisePhone(typed: string, country: string): PhoneReading {
  const v = typed.trim()
  const c = asCountry(country)
  if (!PHONE_CHARS.test(v) || !/^\d{7,15}$/.test(v.replace(/\D/g, ''))) return { ok: false, message: phoneMessage(country) }
  if (c || v.startsWith('+')) {
    const parsed = parsePhoneNumberFromString(v, c)
    return parsed && parsed.isValid() ? { ok: true, stored: parsed.number } : { ok: false, message: unreadablePhoneMessage(country) }
  }
  return { ok: true, stored: v }
}

/** How a stored number is shown: national in the practice's country, international otherwise, or as stored. */
export function formatPhone(stored: string, country: string): string {
  if (!stored.startsWith('+')) return stored
  const key = `${country}\u0000${stored}`
  const known = shownPhones.get(key)
  if (known !== undefined) return known
  const parsed = parsePhoneNumberFromString(stored)
  const shown = !parsed || !parsed.isValid() ? stored : parsed.country && parsed.country === asCountry(country) ? parsed.formatNational() : parsed.formatInternational()
  if (shownPhones.size >= SHOWN_PHONES_KEPT) shownPhones.clear()
  shownPhones.set(key, shown)
  return shown
}

/**
 * Numbers already formatted, by country and stored number: reading one with its metadata takes
 * about 15 µs, so a page of 50 took 0.8 ms of every list call and search (measured), more than
 * the query itself. Bounded: emptied when full, and rebuilt from the pages read next.
 */
const shownPhones = new Map<string, string>()
const SHOWN_PHONES_KEPT = 20_000

/**
 * The digit strings a typed (perhaps partial) phone number may start in the stored numbers' digits
 * (phone_digits): as typed, as E.164 for the practice's country, and its national number (for
 * numbers an older Portico kept as typed, without the country code). "(555) 236", "555-236",
 * "+1 555 236" and "1 555 236" all give "1555236" among them, so each finds the same clients.
 */
export function phoneDigitKeys(typed: string, country: string): string[] {
  const raw = typed.replace(/\D/g, '')
  const keys = [raw]
  const c = asCountry(country)
  if (c || typed.trim().startsWith('+')) {
    const reading = new AsYouType(c)
    reading.input(typed)
    keys.push(reading.getNumberValue()?.slice(1) ?? '', reading.getNumber()?.nationalNumber ?? '')
  }
  return [...new Set(keys)].filter((k) => k.length >= 3)
}
