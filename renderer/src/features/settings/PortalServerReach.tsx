import type { PortalServerStatus } from '../../../../shared/dto'

/** The address shown without its scheme and port, as it appears in the list of choices. */
const hostOf = (url: string | undefined) => (url ? new URL(url).hostname : '')

/**
 * Which address invites give clients (this computer's addresses and its name), and what stands
 * between clients and the portal: a chosen address that went away, an address the portal does not
 * answer at, and this computer's firewall, with the one-time step for the practice's IT person.
 */
export function PortalServerReach({ status, saving, onChoose }: { status: PortalServerStatus; saving: boolean; onChoose: (address: string | null) => void }) {
  const { network } = status
  if (network.choices.length === 0 && !network.chosen) return null
  const first = status.addresses[0]
  return (
    <div className="portal-reach">
      <div className="field">
        <label className="field-label" htmlFor="portal-address">
          Address in invites
        </label>
        <select
          id="portal-address"
          className="input"
          value={network.chosen ?? ''}
          disabled={saving}
          aria-describedby="portal-address-hint"
          onChange={(e) => onChoose(e.target.value === '' ? null : e.target.value)}
        >
          <option value="">The first address found (automatic)</option>
          {network.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
          {network.chosen && !network.choices.includes(network.chosen) && <option value={network.chosen}>{`${network.chosen} (not on this computer now)`}</option>}
        </select>
        <p className="field-hint" id="portal-address-hint">
          Choose the address of the office network (not a VPN, Hyper-V or WSL adapter), or this computer’s name if your network knows it. Kept on this computer only.
        </p>
      </div>
      {network.chosenMissing && (
        <p className="message message-warning" role="alert">
          {`The address you chose, ${network.chosen ?? ''}, is no longer on this computer (another network, or a VPN or virtual adapter that went away). Invites now use ${hostOf(first) || 'another address'}. Choose the address clients should use.`}
        </p>
      )}
      {status.running && network.answering === false && (
        <p className="message message-warning" role="alert">
          {`The portal does not answer at ${first ?? 'its address'}, even from this computer. That address may belong to a VPN or a virtual adapter: choose the office network’s address above.`}
        </p>
      )}
      {network.firewall && (
        <div className="message message-warning" role="note" aria-label="Firewall">
          <p>
            <strong>Other devices may be blocked by this computer’s firewall.</strong>{' '}
            {network.answering ? 'The portal answers on this computer, but its firewall decides whether phones and tablets reach it.' : ''}
          </p>
          <p>{network.firewall.advice}</p>
          {network.firewall.command && <p className="mono firewall-step">{network.firewall.command}</p>}
        </div>
      )}
    </div>
  )
}
