import { useEffect } from 'react'
import { useDesk } from '../store'
import { ClientListPane } from './clients/ClientListPane'
import { ProfilePane } from './clients/ProfilePane'
import { InviteCodeDialog } from './portal/InviteCodeDialog'
import { MainMenu } from './shell/MainMenu'

/** The desk: left menu, client list, then the profile with Client Portal Access on its right. */
export function App() {
  const loadClients = useDesk((s) => s.loadClients)
  useEffect(() => {
    void loadClients()
  }, [loadClients])

  return (
    <>
      <div className="app-shell">
        <MainMenu />
        <main className="workspace">
          <ClientListPane />
          <ProfilePane />
        </main>
      </div>
      {/* Outside the shell so printing can hide everything but the invite. */}
      <InviteCodeDialog />
    </>
  )
}
