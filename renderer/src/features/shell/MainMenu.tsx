/** The left menu. Clients is the only section for now, so it is always the current page. */
export function MainMenu() {
  return (
    <div className="app-menu">
      <div className="brand">Portico</div>
      <nav aria-label="Main">
        <ul className="menu-list">
          <li>
            <a className="menu-link" href="#clients" aria-current="page">
              Clients
            </a>
          </li>
        </ul>
      </nav>
    </div>
  )
}
