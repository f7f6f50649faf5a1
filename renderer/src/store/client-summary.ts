import type { ClientDetail, ClientSummary } from '../../../shared/dto'

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
  }
}
