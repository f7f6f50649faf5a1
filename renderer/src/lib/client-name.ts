/** The parts of a client that make up how staff see their name. */
interface Named {
  firstName: string
  lastName: string
}

/** "First Last": how a client is named on screen and to assistive technology. */
export function fullName(client: Named): string {
  return `${client.firstName} ${client.lastName}`.trim()
}
