import { type SyntheticEvent, useEffect, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import type { PortalServerStatus } from '../../../../shared/dto'
import { useDesk } from '../../store'
import { FormField } from '../clients/FormField'
import { PortalCertificateSettings } from './PortalCertificateSettings'
import { PortalServerAddresses } from './PortalServerAddresses'
import { PortalServerReach } from './PortalServerReach'
import { PortalServerSwitch } from './PortalServerSwitch'

/** Settings → Client portal: loads main's status when the view opens. */
export function PortalServerSettings() {
  const { status, loading, loadError } = useDesk(
    useShallow((s) => ({ status: s.portalServer, loading: s.portalServerLoading, loadError: s.portalServerLoadError })),
  )
  const loadPortalServer = useDesk((s) => s.loadPortalServer)
  useEffect(() => {
    void loadPortalServer()
  }, [loadPortalServer])

  return (
    <section className="settings-section" aria-labelledby="client-portal-heading" aria-busy={loading || undefined}>
      <h2 id="client-portal-heading" className="panel-title">
        Client portal
      </h2>
      <p>
        Let clients use the portal from this computer: on the office Wi-Fi or a waiting-room tablet they can sign in,
        activate invites and reset passwords. Off by default.
      </p>
      {loadError && (
        <div className="message message-error" role="alert">
          <p>{loadError}</p>
          <button type="button" className="button button-small" onClick={() => void loadPortalServer()}>
            Try again
          </button>
        </div>
      )}
      {status ? <PortalServerForm status={status} /> : !loadError && <p className="muted">Loading…</p>}
      {status && <PortalCertificateSettings status={status} />}
    </section>
  )
}

/** The switch, the port and Save. What was typed stays put when saving fails. */
function PortalServerForm({ status }: { status: PortalServerStatus }) {
  const [port, setPort] = useState(() => String(status.port))
  const { saving, saveError, portError, notice } = useDesk(
    useShallow((s) => ({
      saving: s.portalServerSaving,
      saveError: s.portalServerError,
      portError: s.portalServerPortError,
      notice: s.portalServerNotice,
    })),
  )
  const setPortalServer = useDesk((s) => s.setPortalServer)
  const clearPortError = useDesk((s) => s.clearPortalServerPortError)

  const onSubmit = (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault()
    void setPortalServer({ enabled: status.enabled, port })
  }

  return (
    <form className="portal-server-form" noValidate onSubmit={onSubmit}>
      {/* The switch applies at once, with the port in the field; Save applies a changed port. */}
      <PortalServerSwitch status={status} saving={saving} onToggle={(enabled) => void setPortalServer({ enabled, port })} />
      <div className="port-field">
        <FormField
          id="portal-server-port"
          name="port"
          label="Port"
          hint="The number after the address's colon that clients' devices connect to (5181 unless something else on this computer uses it). Change it only if your IT person asks."
          type="number"
          inputMode="numeric"
          min={1024}
          max={65535}
          step={1}
          autoComplete="off"
          value={port}
          error={portError ?? undefined}
          onValueChange={(value) => {
            setPort(value)
            clearPortError()
          }}
        />
      </div>
      <div className="toolbar">
        <button type="submit" className="button button-primary" aria-busy={saving || undefined}>
          Save
        </button>
        <span className="muted" role="status">
          {saving ? 'Saving…' : (notice ?? '')}
        </span>
      </div>
      {saveError && (
        <p className="message message-error" role="alert">
          {saveError}
        </p>
      )}
      {status.error && (
        <p className="message message-error" role="alert">
          {status.error}
        </p>
      )}
      {status.running && <PortalServerAddresses addresses={status.addresses} />}
      {status.enabled && <PortalServerReach status={status} saving={saving} onChoose={(address) => void setPortalServer({ enabled: status.enabled, port, address })} />}
    </form>
  )
}
