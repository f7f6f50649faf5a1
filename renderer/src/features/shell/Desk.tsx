import { useEffect, useRef } from 'react'
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

/**
 * The signed-in desk: left menu, then Clients (list, and the profile with Client Portal Access) or
 * Settings (admins only). Mounted afresh on every sign-in and unlock, so it always starts from main.
 */
export function Desk() {
  const route = useHashRoute()
  const isAdmin = useDesk((s) => s.session?.staff?.role === 'admin')
  const auditWarning = useDesk((s) => s.session?.auditWarning ?? null)
  const sharedFileWarning = useDesk((s) => s.session?.sharedFileWarning ?? null)
  const pendingAuditWarning = useDesk((s) => s.session?.pendingAuditWarning ?? null)
  const damageWarning = useDesk((s) => s.session?.damageWarning ?? null)
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
          {(auditWarning || sharedFileWarning || damageWarning || pendingAuditWarning) && (
            <div className="workspace-warnings">
              {auditWarning && (
                <div className="message message-warning audit-warning" role="alert">
                  {auditWarning}
                </div>
              )}
              {sharedFileWarning && (
                <div className="message message-warning shared-file-warning" role="alert">
                  {sharedFileWarning}
                </div>
              )}
              {damageWarning && (
                <div className="message message-warning damage-warning" role="alert">
                  {damageWarning}
                </div>
              )}
              {pendingAuditWarning && (
                <div className="message message-warning pending-audit-warning" role="alert">
                  {pendingAuditWarning}
                </div>
              )}
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
