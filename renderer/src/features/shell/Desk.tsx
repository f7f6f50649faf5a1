import { useEffect, useRef } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { useHashRoute } from '../../lib/hash-route'
import { useDesk } from '../../store'
import { ClientListPane } from '../clients/ClientListPane'
import { ProfilePane } from '../clients/ProfilePane'
import { useProfileRefresh } from '../clients/use-profile-refresh'
import { InviteCodeDialog } from '../portal/InviteCodeDialog'
import { PasswordResetDialog } from '../portal/PasswordResetDialog'
import { SettingsView } from '../settings/SettingsView'
import { MainMenu } from './MainMenu'
import { SkipToClients } from './SkipToClients'

const WARNINGS = ['auditWarning', 'sharedFileWarning', 'damageWarning', 'pendingAuditWarning'] as const

/**
 * The signed-in desk: left menu, then Clients (list, and the profile with Client Portal Access) or
 * Settings (admins only). Mounted afresh on every sign-in and unlock, so it always starts from main.
 */
export function Desk() {
  const route = useHashRoute()
  const isAdmin = useDesk((s) => s.session?.staff?.role === 'admin')
  // What main says is wrong with the audit trail, the shared file, the file's pages and events
  // waiting to be written, in that order.
  const warnings = useDesk(useShallow((s) => WARNINGS.map((key) => s.session?.[key] ?? null).filter((w): w is string => w !== null)))
  // Settings' channels are for admins: anyone else who lands on #settings gets Clients.
  const view = route === 'settings' && isAdmin ? 'settings' : 'clients'
  const loadClients = useDesk((s) => s.loadClients)
  useEffect(() => {
    void loadClients()
  }, [loadClients])
  useProfileRefresh()

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
      <SkipToClients />
      <div className="app-shell">
        <MainMenu current={view} />
        <main className="workspace">
          {warnings.length > 0 && (
            <div className="workspace-warnings">
              {warnings.map((warning) => (
                <div key={warning} className="message message-warning" role="alert">
                  {warning}
                </div>
              ))}
            </div>
          )}
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
