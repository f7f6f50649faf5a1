import { networkInterfaces } from 'node:os'

/** This computer's network interfaces, as `os.networkInterfaces()` gives them (a seam for tests). */
export type InterfaceReader = () => ReturnType<typeof networkInterfaces>

/**
 * The IPv4 addresses other devices on the office network can reach this computer at, in the
 * order the system lists them. On PCs with Hyper-V, WSL, Docker or a VPN the first is often a
 * virtual adapter's, which is why the admin can choose.
 */
export function lanAddresses(read: InterfaceReader = networkInterfaces): string[] {
  return Object.values(read())
    .flat()
    .filter((net) => net && net.family === 'IPv4' && !net.internal)
    .map((net) => net!.address)
}

/** What the admin may choose the invites' address from: the addresses, then this computer's name. */
export function addressChoices(read: InterfaceReader, hostName: string): string[] {
  return [...new Set([...lanAddresses(read), ...(hostName ? [hostName] : [])])]
}

/** The product's name in the firewall rule, as the README gives it. */
export const FIREWALL_RULE_NAME = 'Portico client portal'

/**
 * The one-time step for the practice's IT person so other devices reach the portal through this
 * computer's firewall. Windows: cancelling its prompt (a front-desk account can't approve it)
 * leaves a block rule, and networks marked Public block by default. An allow rule for the
 * installed program on private and domain networks fixes both.
 */
export function firewallStep(platform: NodeJS.Platform, program: string, port: number): { advice: string; command: string | null } {
  switch (platform) {
    case 'win32':
      return {
        advice:
          'Windows Defender Firewall blocks it after a cancelled firewall prompt, and on networks marked Public. ' +
          'Your IT person can allow it once, in a Command Prompt run as administrator:',
        command: `netsh advfirewall firewall add rule name="${FIREWALL_RULE_NAME}" dir=in action=allow program="${program}" enable=yes profile=private,domain`,
      }
    case 'darwin':
      return {
        advice: 'Your IT person can allow it once: System Settings → Network → Firewall → Options, add Portico and choose “Allow incoming connections”.',
        command: null,
      }
    default:
      return { advice: 'Your IT person can allow the port once; with ufw:', command: `sudo ufw allow ${port}/tcp` }
  }
}

/**
 * Whether the portal at `link` says it serves `practice` (its identity, or null for a practice
 * whose audit trail has not begun), checked from this computer. It proves the portal listens at
 * the address invites give, not that other devices get through the firewall: a computer's own
 * traffic is never stopped by it.
 */
export async function portalAnswersAt(link: string, practice: string | null, timeoutMs: number): Promise<boolean> {
  try {
    const answer = await fetch(new URL('/api/practice', link), { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) })
    if (!answer.ok) return false
    const body = (await answer.json()) as { value?: { practice?: unknown } }
    return body.value?.practice === practice
  } catch {
    return false
  }
}
