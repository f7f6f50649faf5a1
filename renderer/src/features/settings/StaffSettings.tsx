import { useEffect } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useDesk } from '../../store'
import { AddStaffForm } from './AddStaffForm'
import { StaffTable } from './StaffTable'

/** Settings → Staff: who can sign in to this desk, with which role. */
export function StaffSettings() {
  const { staff, loading, loadError, notice, youId } = useDesk(
    useShallow((s) => ({
      staff: s.staff,
      loading: s.staffLoading,
      loadError: s.staffLoadError,
      notice: s.staffNotice,
      youId: s.session?.staff?.id ?? null,
    })),
  )
  const loadStaff = useDesk((s) => s.loadStaff)
  useEffect(() => {
    void loadStaff()
  }, [loadStaff])

  return (
    <section className="settings-section" aria-labelledby="staff-heading" aria-busy={loading || undefined}>
      <h2 id="staff-heading" className="panel-title">
        Staff
      </h2>
      <p className="small muted">
        Admins manage staff, settings, backups and the audit log; front desk staff work with clients. After 5 wrong
        passwords an account is locked for 15 minutes, or until an admin sets a new password.
      </p>
      <p className="settings-status" role="status">
        {notice ?? ''}
      </p>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={() => void loadStaff()}>
            Try again
          </button>
        </div>
      )}
      {staff.length > 0 ? <StaffTable staff={staff} youId={youId} /> : loading && <p className="muted">Loading…</p>}
      <AddStaffForm />
    </section>
  )
}
