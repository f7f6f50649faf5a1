/** Where clients on the office network open the portal, as text staff can read out or copy. */
export function PortalServerAddresses({ addresses }: { addresses: string[] }) {
  const [first] = addresses
  if (first === undefined) return null
  return (
    <div className="portal-addresses">
      <p id="portal-addresses-label">Clients can reach the portal at:</p>
      <ul className="address-list" aria-labelledby="portal-addresses-label">
        {addresses.map((address) => (
          <li key={address} className="mono">
            {address}
          </li>
        ))}
      </ul>
      <p className="small muted">{`Invites and password reset codes now point to ${first}.`}</p>
    </div>
  )
}
