import type { StaffRole } from '../../../../shared/dto'
import { ROLE_LABELS } from '../../lib/staff-role'

interface RoleFieldProps {
  id: string
  value: StaffRole
  error: string | undefined
  onChange: (role: StaffRole) => void
}

const ROLES: StaffRole[] = ['admin', 'front_desk']
const isRole = (value: string): value is StaffRole => (ROLES as string[]).includes(value)

/** Admin or Front desk. Admins also manage staff, settings, backups and the audit log. */
export function RoleField({ id, value, error, onChange }: RoleFieldProps) {
  const errorId = `${id}-error`
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label className="field-label" htmlFor={id}>
        Role
      </label>
      <select
        id={id}
        className="input"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => {
          if (isRole(e.target.value)) onChange(e.target.value)
        }}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
      {error && (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  )
}
