/**
 * The first thing Tab reaches on the desk: straight to the client list (its current row, or the
 * search box while the list is empty), past the menu. Shown only while it has focus.
 */
export function SkipToClients() {
  return (
    <a
      className="skip-link"
      href="#clients"
      onClick={(event) => {
        event.preventDefault()
        if (window.location.hash !== '#clients') window.location.hash = '#clients'
        // After the view shows (a visit to Settings hides the list).
        requestAnimationFrame(() => {
          const target = document.querySelector<HTMLElement>('.client-list [tabindex="0"]') ?? document.querySelector<HTMLElement>('.list-pane input[type="search"], .list-pane input')
          target?.focus()
        })
      }}
    >
      Skip to client list
    </a>
  )
}
