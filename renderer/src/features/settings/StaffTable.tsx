import { Fragment, useState } from 'react'
import type { StaffMember } from '../../../../shared/dto'
import { formatShortDateTime } from '../../lib/format'
import { ROLE_LABELS } from '../../lib/staff-role'
import { StaffEditForm } from './StaffEditForm'
import { StaffPasswordForm } from './StaffPasswordForm'

type Editing = { staffId: number; form: 'edit' | 'password' } | null
const COLUMNS = 7

/** Every staff account; Edit and Set password open a form under the row, one at a time. */
export function StaffTable({ staff, youId }: { staff: StaffMember[]; youId: number | null }) {
  const [editing, setEditing] = useState<Editing>(null)
  const close = (staffId: number, form: 'edit' | 'password') => {
    setEditing(null)
    // The form (and the focus in it) is gone: go back to the button that opened it.
    requestAnimationFrame(() => {
      document.getElementById(`staff-${String(staffId)}-${form}-button`)?.focus()
    })
  }

  return (
    <div className="table-scroll">
      <table className="data-table staff-table" aria-labelledby="staff-heading">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Username</th>
            <th scope="col">Role</th>
            <th scope="col">Active</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Locked until</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((member) => {
            const open = editing?.staffId === member.id ? editing.form : null
            return (
              <Fragment key={member.id}>
                <tr>
                  <th scope="row">
                    {member.displayName}
                    {member.id === youId && <span className="muted"> (you)</span>}
                  </th>
                  <td className="mono nowrap">{member.username}</td>
                  <td className="nowrap">{ROLE_LABELS[member.role]}</td>
                  <td>{member.active ? 'Active' : <span className="badge badge-muted">Inactive</span>}</td>
                  <td>{member.lastSignInAt ? formatShortDateTime(member.lastSignInAt) : <span className="muted">Never</span>}</td>
                  <td>{member.lockedUntil ? formatShortDateTime(member.lockedUntil) : <span className="muted">—</span>}</td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        id={`staff-${String(member.id)}-edit-button`}
                        className="button button-small"
                        aria-expanded={open === 'edit'}
                        onClick={() => {
                          setEditing(open === 'edit' ? null : { staffId: member.id, form: 'edit' })
                        }}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        id={`staff-${String(member.id)}-password-button`}
                        className="button button-small"
                        aria-expanded={open === 'password'}
                        onClick={() => {
                          setEditing(open === 'password' ? null : { staffId: member.id, form: 'password' })
                        }}
                      >
                        Set password
                      </button>
                    </div>
                  </td>
                </tr>
                {open && (
                  <tr className="row-editor">
                    <td colSpan={COLUMNS}>
                      {open === 'edit' ? (
                        <StaffEditForm member={member} onDone={() => close(member.id, 'edit')} />
                      ) : (
                        <StaffPasswordForm member={member} onDone={() => close(member.id, 'password')} />
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
