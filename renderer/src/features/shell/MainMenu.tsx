import type { DeskView } from '../../lib/hash-route'
import { ROLE_LABELS } from '../../lib/staff-role'
import { useDesk } from '../../store'

const LINKS: { view: DeskView; label: string; adminOnly: boolean }[] = [
  { view: 'clients', label: 'Clients', adminOnly: false },
  { view: 'settings', label: 'Settings', adminOnly: true },
]

/**
 * The left menu. Plain hash links switch the main view; the current one is marked for everyone.
 * Below them: who is signed in, and Lock and Sign out.
 */
export function MainMenu({ current }: { current: DeskView }) {
  const staff = useDesk((s) => s.session?.staff ?? null)
  const lockDesk = useDesk((s) => s.lockDesk)
  const signOut = useDesk((s) => s.signOut)
  const isAdmin = staff?.role === 'admin'

  return (
    <div className="app-menu">
      <div className="brand">Portico</div>
      <nav aria-label="Main">
        <ul className="menu-list">
          {LINKS.filter((link) => isAdmin || !link.adminOnly).map(({ view, label }) => (
            <li key={view}>
              <a className="menu-link" href={`#${view}`} aria-current={view === current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {staff && (
        <div className="menu-staff">
          {/* The name (two lines at most), then the role on a line of its own. */}
          <p className="menu-staff-name">
            <span className="menu-staff-who" title={staff.displayName}>
              {staff.displayName}
            </span>
            <span className="visually-hidden"> · </span>
            <span className="menu-staff-role">{ROLE_LABELS[staff.role]}</span>
          </p>
          <div className="menu-staff-actions">
            <button type="button" className="menu-button" onClick={() => void lockDesk()}>
              Lock
            </button>
            <button type="button" className="menu-button" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
      )}
    </div>
  )
}
