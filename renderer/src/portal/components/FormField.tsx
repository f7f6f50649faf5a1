import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react'

interface FormFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name' | 'aria-invalid' | 'aria-describedby'> {
  name: string
  label: string
  hint?: ReactNode
  /** The problem with this field; it replaces the hint while shown. */
  error?: string | undefined
  /** Something live beside the field (the username check); `statusId` must be its id. */
  status?: ReactNode
  statusId?: string
  ref?: Ref<HTMLInputElement>
}

/** A labelled input with its hint and error below it, tied together with aria-describedby. */
export function FormField({ name, label, hint, error, status, statusId, ref, className, ...input }: FormFieldProps) {
  const id = useId()
  const inputId = `${id}-${name}`
  const hintId = hint && !error ? `${inputId}-hint` : undefined
  const errorId = error ? `${inputId}-error` : undefined
  const describedBy = [hintId, statusId, errorId].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label className="field-label" htmlFor={inputId}>
        {label}
      </label>
      <input
        {...input}
        ref={ref}
        id={inputId}
        name={name}
        className={`field-input${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {status}
      {hintId && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
