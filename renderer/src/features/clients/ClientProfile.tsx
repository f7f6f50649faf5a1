import { useState } from 'react'
import type { ClientDetail } from '../../../../shared/dto'
import { fullName } from '../../lib/client-name'
import { useDesk } from '../../store'
import { ClientPortalAccessPanel } from '../portal/ClientPortalAccessPanel'
import { ClientActivity } from './ClientActivity'
import { ClientDetails } from './ClientDetails'
import { MarkInactiveDialog, portalLeftOpen } from './MarkInactiveDialog'
import { ProfileTabs } from './ProfileTabs'

/** A loaded client: actions, then Details and Activity tabs on the left; Client Portal Access on the right. */
export function ClientProfile({ client }: { client: ClientDetail }) {
  const startEditClient = useDesk((s) => s.startEditClient)
  const setClientStatus = useDesk((s) => s.setClientStatus)
  const statusSaving = useDesk((s) => s.statusSaving)
  const statusError = useDesk((s) => s.statusError)
  const active = client.status === 'active'
  const [asking, setAsking] = useState(false)

  const changeStatus = () => {
    if (active && portalLeftOpen(client)) setAsking(true)
    else void setClientStatus(active ? 'inactive' : 'active')
  }

  return (
    <div className="profile">
      <div className="profile-main">
        <header className="profile-header">
          <h2 className="profile-name" tabIndex={-1}>
            {fullName(client)}
          </h2>
          {!active && <span className="badge badge-muted">Inactive</span>}
        </header>
        <div className="toolbar profile-actions">
          <button type="button" className="button" onClick={startEditClient}>
            Edit details
          </button>
          <button
            type="button"
            className="button"
            aria-busy={statusSaving || undefined}
            onClick={changeStatus}
          >
            {active ? 'Mark inactive' : 'Mark active'}
          </button>
        </div>
        {statusError && (
          <p className="message message-error" role="alert">
            {statusError}
          </p>
        )}
        <ProfileTabs
          panels={{
            details: () => <ClientDetails client={client} />,
            activity: () => <ClientActivity clientId={client.id} />,
          }}
        />
      </div>
      <ClientPortalAccessPanel client={client} />
      <MarkInactiveDialog
        client={asking ? client : null}
        onConfirm={(turnOffPortal) => {
          setAsking(false)
          void setClientStatus('inactive', { turnOffPortal })
        }}
        onCancel={() => setAsking(false)}
      />
    </div>
  )
}
