import { z } from 'zod'
import { localIsoDate } from './local-date'

/**
 * Control characters (NUL, escape codes) and unpaired surrogates can't be stored and read back
 * exactly, and break searching; they are refused rather than silently changed. Emoji and marks
 * are fine.
 */
export const UNSTORABLE = /[\p{Cc}\p{Cs}]/u
export const UNSTORABLE_MESSAGE = 'contains a character Portico can’t store (a control character or a broken symbol). Retype it.'

const text = (label: string) => z.string().refine((v) => !UNSTORABLE.test(v), `${label} ${UNSTORABLE_MESSAGE}`)

const optionalText = (max: number, label: string) =>
  text(label)
    .trim()
    .max(max, `${label} can be at most ${max} characters.`)
    .transform((v) => (v === '' ? null : v))

const PHONE_CHARS = /^[0-9+()\-. ]*$/

/**
 * A client's details as staff type them. Shared so the renderer and main agree on every message;
 * main is the one that enforces it. Empty optional fields become null.
 */
export const ClientInput = z.strictObject({
  firstName: text('First name').trim().min(1, 'Enter a first name.').max(100, 'First name can be at most 100 characters.'),
  lastName: text('Last name').trim().min(1, 'Enter a last name.').max(100, 'Last name can be at most 100 characters.'),
  preferredName: optionalText(100, 'Preferred name'),
  dateOfBirth: z
    .string()
    .trim()
    .min(1, 'Enter a date of birth.')
    .pipe(z.iso.date('Enter the date of birth as a real date, for example 1984-03-27.'))
    .refine((v) => v >= '1900-01-01', 'The date of birth must be after 1900.')
    // Today is the desk's date (main and the form both run on the desk's computer), not UTC's.
    .refine((v) => v <= localIsoDate(), 'The date of birth cannot be in the future.'),
  email: optionalText(254, 'Email').pipe(
    z.email('Enter an email address like name@example.com, or leave it empty.').nullable(),
  ),
  phone: optionalText(30, 'Phone').superRefine((v, ctx) => {
    if (v === null) return
    if (!PHONE_CHARS.test(v)) ctx.addIssue({ code: 'custom', message: 'A phone number uses digits, spaces and + ( ) - . only.' })
    else if (!/^\d{7,15}$/.test(v.replace(/\D/g, ''))) ctx.addIssue({ code: 'custom', message: 'A phone number has 7 to 15 digits.' })
  }),
})

/** What the form holds while typing: every field a string. */
export type ClientFormValues = z.input<typeof ClientInput>
/** What main stores: trimmed, with empty optional fields as null. */
export type ClientFields = z.output<typeof ClientInput>

export const CLIENT_FIELD_LABELS: Record<keyof ClientFormValues, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  preferredName: 'Preferred name',
  dateOfBirth: 'Date of birth',
  email: 'Email',
  phone: 'Phone',
}
