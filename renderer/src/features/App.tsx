import { useEffect, useRef } from 'react'
import { useHashRoute } from '../lib/hash-route'
import { useDesk } from '../store'
import { ClientListPane } from './clients/ClientListPane'
import { ProfilePane } from './clients/ProfilePane'
import { InviteCodeDialog } from './portal/InviteCodeDialog'
import { PasswordResetDialog } from './portal/PasswordResetDialog'
import { SettingsView } from './settings/SettingsView'
import { MainMenu } from './shell/MainMenu'

/** The desk: left menu, then Clients (list, and the profile with Client Portal Access) or Settings. */
export function App() {
  const view = useHashRoute()
  const loadClients = useDesk((s) => s.loadClients)
  useEffect(() => {
    void loadClients()
  }, [loadClients])

  // After a switch (not on first load, where the search box takes focus), start at the view's h1,
  // whose id is the view's hash.
  const shownView = useRef(view)
  useEffect(() => {
    if (shownView.current === view) return
    shownView.current = view
    document.getElementById(view)?.focus()
  }, [view])

  return (
    <>
      <div className="app-shell">
        <MainMenu current={view} />
        <main className="workspace">
          {/* Hidden, not unmounted, so a half-typed form or a search survives a visit to Settings. */}
          <div className="clients-view" hidden={view !== 'clients'}>
            <ClientListPane />
            <ProfilePane />
          </div>
          {view === 'settings' && <SettingsView />}
        </main>
      </div>
      {/* Outside the shell so printing can hide everything but the code sheet. */}
      <InviteCodeDialog />
      <PasswordResetDialog />
    </>
  )
}
