import type { ReactNode } from 'react'

/** The form-level problem, announced at once. Renders nothing when there is no message. */
export function FormAlert({ title, children }: { title?: string; children: ReactNode }) {
  if (!children) return null
  return (
    <div role="alert" className="notice notice-error">
      {title && <p className="notice-title">{title}</p>}
      <p>{children}</p>
    </div>
  )
}

/** A calm confirmation (role=status), e.g. "Your password has been reset." */
export function StatusNote({ children }: { children: ReactNode }) {
  if (!children) return null
  return (
    <div role="status" className="notice notice-success">
      <p>{children}</p>
    </div>
  )
}
