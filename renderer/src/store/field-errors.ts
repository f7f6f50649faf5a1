import type { ClientFormValues } from '../../../shared/client-input'
import { CLIENT_FIELD_LABELS } from '../../../shared/client-input'
import type { FieldIssue } from '../../../shared/errors'

export type ClientField = keyof ClientFormValues
/** One message per form field; the first problem found for a field wins. */
export type FieldErrors = Partial<Record<ClientField, string>>

const isClientField = (name: string): name is ClientField => Object.hasOwn(CLIENT_FIELD_LABELS, name)

/**
 * Sorts issues into messages shown beside their field and the rest, which the form shows at the
 * top. Main may report "client.email" or "email"; only the last part names the field.
 */
export function splitFieldIssues(issues: readonly FieldIssue[]): { fieldErrors: FieldErrors; other: string[] } {
  const fieldErrors: FieldErrors = {}
  const other: string[] = []
  for (const issue of issues) {
    const name = issue.field.split('.').pop() ?? ''
    if (!isClientField(name)) other.push(issue.message)
    else fieldErrors[name] ??= issue.message
  }
  return { fieldErrors, other }
}
