import { z } from 'zod'

// The portal's CSP has no 'unsafe-eval': stop zod probing `new Function`, which the browser reports.
z.config({ jitless: true })

/** Field name → the message shown under that field. */
export type FieldErrors = Partial<Record<string, string>>

/**
 * Checks a form with the same shared schema the server uses, so an empty field gets the same words
 * before sending as after. Returns the first problem per field, or null when all is well.
 */
export function schemaProblems(schema: z.ZodType, value: unknown): FieldErrors | null {
  const parsed = schema.safeParse(value)
  if (parsed.success) return null
  const fields: FieldErrors = {}
  for (const issue of parsed.error.issues) {
    const name = issue.path.map(String).join('.')
    fields[name] ??= issue.message
  }
  return fields
}

/** Keeps only the problems that are not null; null when none are left. */
export function someProblems(fields: Record<string, string | null | undefined>): FieldErrors | null {
  const found = Object.entries(fields).filter((entry): entry is [string, string] => Boolean(entry[1]))
  return found.length ? Object.fromEntries(found) : null
}

/**
 * Every field's first problem across several checks (the shared schema's, then the form's own), so
 * every invalid field is marked at once, not only those of the first check that found something.
 */
export function allProblems(...checks: (FieldErrors | null)[]): FieldErrors | null {
  const fields: FieldErrors = {}
  for (const found of checks) for (const [name, message] of Object.entries(found ?? {})) fields[name] ??= message
  return Object.keys(fields).length ? fields : null
}
