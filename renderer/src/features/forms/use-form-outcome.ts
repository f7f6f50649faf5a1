import { type SyntheticEvent, useCallback, useEffect, useRef, useState } from 'react'
import type { FormErrors, FormOutcome } from '../../store'

/**
 * A form's messages from its store action's outcome. What was typed stays in the form; after a
 * failure the keyboard goes to the first field that needs attention. `submit` runs the action once
 * at a time (`saving` meanwhile) and calls `onOk` when it went through.
 */
export function useFormOutcome() {
  const formRef = useRef<HTMLFormElement>(null)
  const [fieldErrors, setFieldErrors] = useState<FormErrors>({})
  const [message, setMessage] = useState<string | null>(null)
  const [failures, setFailures] = useState(0)

  useEffect(() => {
    if (failures === 0) return
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [failures])

  /** Shows the outcome's messages (or clears them) and says whether it went through. */
  const take = useCallback((outcome: FormOutcome): boolean => {
    if (outcome.ok) {
      setFieldErrors({})
      setMessage(null)
      return true
    }
    setFieldErrors(outcome.fieldErrors)
    setMessage(outcome.message)
    setFailures((n) => n + 1)
    return false
  }, [])

  const clearField = useCallback((name: string) => {
    setFieldErrors((errors) => (errors[name] ? { ...errors, [name]: undefined } : errors))
  }, [])

  const [saving, setSaving] = useState(false)
  const submit = (event: SyntheticEvent<HTMLFormElement>, run: () => Promise<FormOutcome>, onOk?: () => void) => {
    event.preventDefault()
    if (saving) return
    setSaving(true)
    void run().then((outcome) => {
      setSaving(false)
      if (take(outcome)) onOk?.()
    })
  }

  return { formRef, fieldErrors, message, take, clearField, saving, submit }
}
