import { useCallback, useEffect, useRef, useState } from 'react'
import { PortalError } from './portal-client'
import type { FieldErrors } from './validate'

/** Anything thrown becomes a PortalError, so the form always has a message to show. */
function toPortalError(error: unknown): PortalError {
  if (error instanceof PortalError) return error
  return new PortalError({ code: 'INTERNAL', message: 'Something went wrong. Please try again.' })
}

/**
 * Busy state and errors for one form. Server field problems go under the fields this form knows;
 * anything else becomes the form's alert. After each failed attempt focus moves to the first
 * invalid field, so a screen reader reads its message.
 */
export function useForm(fieldNames: readonly string[]) {
  const formRef = useRef<HTMLFormElement>(null)
  const [busy, setBusy] = useState(false)
  const [fields, setFields] = useState<FieldErrors>({})
  const [formError, setFormError] = useState<PortalError | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    if (attempt === 0) return
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [attempt])

  const showProblems = useCallback((problems: FieldErrors) => {
    setFormError(null)
    setFields(problems)
    setAttempt((n) => n + 1)
  }, [])

  const submit = useCallback(
    async (task: () => Promise<void>) => {
      setBusy(true)
      setFormError(null)
      setFields({})
      try {
        await task()
      } catch (thrown) {
        const error = toPortalError(thrown)
        const known = error.fields.filter((issue) => fieldNames.includes(issue.field))
        if (known.length) setFields(Object.fromEntries(known.map((issue) => [issue.field, issue.message])))
        else setFormError(error)
        setAttempt((n) => n + 1)
      } finally {
        setBusy(false)
      }
    },
    [fieldNames],
  )

  /** Typing in a field clears its message: the old one no longer describes what is there. */
  const clearField = useCallback((name: string) => {
    setFields((current) => (current[name] ? { ...current, [name]: undefined } : current))
  }, [])

  return { formRef, busy, fields, formError, showProblems, submit, clearField }
}
