import type { FieldIssue } from '../../../shared/errors'
import { ApiCallError, errorMessage } from '../lib/api'

/** One message per field name, shown under that field. */
export type FormErrors = Partial<Record<string, string>>

/**
 * What a form's action tells the form. The form keeps what was typed and shows the messages; the
 * store keeps only what outlives the form (lists, notices).
 */
export type FormOutcome = { ok: true } | { ok: false; fieldErrors: FormErrors; message: string | null }

export const OK: FormOutcome = { ok: true }

/** Sorts issues into the form's fields (by the last part of "staff.username") and the rest. */
export function outcomeFromIssues(issues: readonly FieldIssue[], fields: readonly string[], fallback: string | null): FormOutcome {
  const fieldErrors: FormErrors = {}
  const other: string[] = []
  for (const issue of issues) {
    const name = issue.field.split('.').pop() ?? ''
    if (fields.includes(name)) fieldErrors[name] ??= issue.message
    else other.push(issue.message)
  }
  const hasFieldErrors = Object.keys(fieldErrors).length > 0
  return { ok: false, fieldErrors, message: other.length > 0 ? other.join(' ') : hasFieldErrors ? null : fallback }
}

/** A failed call as a form outcome: field messages under fields, anything else at the top. */
export function outcomeFromError(error: unknown, fields: readonly string[]): FormOutcome {
  const issues = error instanceof ApiCallError ? error.fields : []
  return outcomeFromIssues(issues, fields, errorMessage(error))
}
