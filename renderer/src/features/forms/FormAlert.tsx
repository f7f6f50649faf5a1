/** A form-level problem (not tied to one field), announced as soon as it appears. */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null
  return (
    <p className="message message-error" role="alert">
      {message}
    </p>
  )
}
