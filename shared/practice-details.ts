import { z } from 'zod'
import { isCountryCode } from './countries'
import { UNSTORABLE, UNSTORABLE_MESSAGE } from './client-input'

const parsed = (value: string): URL | null => (URL.canParse(value) ? new URL(value) : null)
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i

/**
 * The portal's public address as clients can use it (its origin, no trailing slash), or null when
 * none is set: empty, or this computer only (127.0.0.1, localhost), which a client's phone can't reach.
 */
export function clientPortalAddress(publicUrl: string): string | null {
  const url = parsed(publicUrl.trim())
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || LOOPBACK.test(url.hostname)) return null
  return url.origin
}

/** The portal's public address as an admin types it: empty (not set), or an http(s) origin clients can reach. */
export const PublicAddress = z
  .string()
  .trim()
  .max(300, 'The address can be at most 300 characters.')
  // Zod runs every refinement even after one fails: none of them may throw.
  .refine((v) => v === '' || /^https?:$/.test(parsed(v)?.protocol ?? ''), 'Give the full address clients open, starting with https:// (or http://), for example https://portal.example.org.')
  .refine((v) => { const url = parsed(v); return !url || (!url.username && !url.password) }, 'The address must not contain a user name or password.')
  .refine((v) => { const url = parsed(v); return !url || (!url.search && !url.hash && !v.includes('?') && !v.includes('#')) }, 'Give the address without anything after ? or #.')
  .refine((v) => { const url = parsed(v); return !url || url.pathname === '/' }, 'Give only the address, without a page after it: for example https://portal.example.org, not …/activate.')
  .refine((v) => { const url = parsed(v); return !url || !LOOPBACK.test(url.hostname) }, 'That address only works on this computer, so clients can’t open it. Give the address clients use, or leave it empty.')

/** Settings → Practice (admins): who the practice is, for clients, and where clients find the portal. */
export const PracticeDetails = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Enter the practice’s name, as clients know it.')
    .max(120, 'The name can be at most 120 characters.')
    .refine((v) => !UNSTORABLE.test(v), `The name ${UNSTORABLE_MESSAGE}`),
  phone: z
    .string()
    .trim()
    .max(40, 'The phone number can be at most 40 characters.')
    .refine((v) => /^[0-9+()./\- ]*$/.test(v), 'Give a phone number with digits, spaces and + ( ) - only.')
    .refine((v) => v === '' || (v.match(/\d/g)?.length ?? 0) >= 3, 'A phone number needs at least 3 digits.'),
  /** ISO 3166-1 alpha-2, or empty: not chosen yet. */
  country: z.string().refine((v) => v === '' || isCountryCode(v), 'Choose the practice’s country from the list.'),
  /** Empty: not set (handouts then ask the client to get the link from the practice). */
  publicUrl: PublicAddress,
})
export type PracticeDetails = z.infer<typeof PracticeDetails>

/** The details as stored: what Settings → Practice shows (a practice set up before may have no name yet). */
export const StoredPracticeDetails = z.strictObject({ name: z.string(), phone: z.string(), country: z.string(), publicUrl: z.string() })
export type StoredPracticeDetails = z.infer<typeof StoredPracticeDetails>
