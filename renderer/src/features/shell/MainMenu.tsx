import type { DeskView } from '../../lib/hash-route'

const LINKS: { view: DeskView; label: string }[] = [
  { view: 'clients', label: 'Clients' },
  { view: 'settings', label: 'Settings' },
]

/** The left menu. Plain hash links switch the main view; the current one is marked for everyone. */
export function MainMenu({ current }: { current: DeskView }) {
  return (
    <div className="app-menu">
      <div className="brand">Portico</div>
      <nav aria-label="Main">
        <ul className="menu-list">
          {LINKS.map(({ view, label }) => (
            <li key={view}>
              <a className="menu-link" href={`#${view}`} aria-current={view === current ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  )
}
