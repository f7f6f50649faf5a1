import type { ClientDetail, ClientSummary, PortalAccess } from '../../../shared/dto'
import { type PortalState, portalStateOf } from '../../../shared/portal-state'

/** The list row's word for the portal panel's state, by the same rule main reads rows with. */
export function portalStateOfAccess(portal: PortalAccess): PortalState {
  return portalStateOf({
    hasUsername: portal.username !== null,
    invited: portal.state === 'invited',
    enabled: portal.enabled,
    locked: portal.lockedUntil !== null,
  })
}

/** The list row's fields of a loaded client, so the list can follow a change without a search. */
export function summaryOf(detail: ClientDetail): ClientSummary {
  return {
    id: detail.id,
    firstName: detail.firstName,
    lastName: detail.lastName,
    preferredName: detail.preferredName,
    email: detail.email,
    phone: detail.phone,
    status: detail.status,
    portalUsername: detail.portalUsername,
    portalEnabled: detail.portalEnabled,
    dateOfBirth: detail.dateOfBirth,
    portalState: portalStateOfAccess(detail.portal),
  }
}
