import { hostname, networkInterfaces } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import type { Database } from '../../../db/schema'
import type { PortalServerStatus } from '../../../shared/dto'
import { AppError } from '../app-error'
import { practiceIdentity } from '../../../db/repositories/practice-identity'
import { type InterfaceReader, addressChoices, firewallStep, lanAddresses, portalAnswersAt } from './portal-reach'
import { DESK_CONFIG_NAME, DeskConfigError, DeskConfigStore } from '../desk/desk-config'
import { type RunningPortal, startPortalServer } from './server'
import { type PortalTls, certificateInfo, checkTlsPair, dnsNames } from './portal-tls'
import { loadDeskCertificate, removeDeskCertificate, saveDeskCertificate } from './portal-tls-store'

/** Starts and stops the portal that this desk serves, as Settings → Client portal asks. */
export interface PortalServerControl {
  status(): Promise<PortalServerStatus>
  /** `address`: the one invites give (one of the status's choices), null for the first found, absent to keep it. */
  apply(settings: { enabled: boolean; port: number; address?: string | null | undefined }): Promise<PortalServerStatus>
  /**
   * Checks a certificate and key (a field error when they can't be used) and keeps them in this
   * desk's data folder; a running portal starts again on HTTPS.
   */
  setCertificate(tls: PortalTls): Promise<PortalServerStatus>
  /** Deletes the stored certificate and key; a running portal starts again on plain HTTP. */
  removeCertificate(): Promise<PortalServerStatus>
  /** At start-up: serve again if it was left on. */
  resume(): Promise<void>
  stop(): Promise<void>
}

export interface PortalServerControlOptions {
  db: Kysely<Database>
  rendererDir: string
  now: () => Date
  /** 0.0.0.0 serves the office network; the browser host keeps it on loopback. */
  host: string
  /** This desk's own data folder: the certificate and key are kept here, never in the database. */
  deskDir: string
  /**
   * Whether this desk serves the portal, and on which port: this computer's own setting, never the
   * shared database's (on a server, every desk would serve). By default the config in `deskDir`.
   */
  deskConfig?: Pick<DeskConfigStore, 'get' | 'setPortal' | 'setPortalAddress'>
  /** This computer's network interfaces and name (os.networkInterfaces and os.hostname by default). */
  interfaces?: InterfaceReader
  hostName?: () => string
  /** Which firewall step to give, and the program it allows: this OS and this executable by default. */
  platform?: NodeJS.Platform
  program?: string
}

/**
 * The addresses clients on the office network can use, the first given in invites: with a
 * certificate, its DNS names come first (a browser checks the name it was given against it), then
 * the admin's chosen address while this computer still has it, then this computer's addresses;
 * loopback when there is no network.
 */
function addressesFor(host: string, port: number, scheme: 'http' | 'https', names: string[], chosen: string | null, found: string[]): string[] {
  if (host !== '0.0.0.0') return [`${scheme}://${host}:${port}`]
  const lan = [...(chosen ? [chosen] : []), ...found.filter((a) => a !== chosen)]
  return [...new Set([...names, ...(lan.length > 0 ? lan : ['127.0.0.1'])])].map((name) => `${scheme}://${name}:${port}`)
}

/**
 * How long Settings waits for the portal to answer its own check. Longer than an invite's quick
 * probe: a portal that has just started can take a moment on a busy computer, and a wrong "not
 * answering" would send the admin to change an address that works.
 */
const SELF_CHECK_MS = 3_000

export function createPortalServerControl(options: PortalServerControlOptions): PortalServerControl {
  const desk = options.deskConfig ?? new DeskConfigStore(join(options.deskDir, DESK_CONFIG_NAME))
  let running: RunningPortal | null = null
  let lastError: string | null = null
  const interfaces = options.interfaces ?? networkInterfaces
  const hostName = options.hostName ?? hostname
  const serving = options.host === '0.0.0.0'

  /** The admin's choice while it is still one of this computer's addresses or its name, else null. */
  function chosenPresent(): string | null {
    const chosen = desk.get().portalAddress
    return chosen && addressChoices(interfaces, hostName()).includes(chosen) ? chosen : null
  }

  function currentAddresses(scheme: 'http' | 'https', names: string[], port: number): string[] {
    return addressesFor(options.host, port, scheme, names, chosenPresent(), lanAddresses(interfaces))
  }

  /** The stored certificate and key; null when there are none or they can't be read (start says so). */
  function stored(): PortalTls | null {
    try {
      return loadDeskCertificate(options.deskDir)
    } catch {
      return null
    }
  }

  /** The stored certificate's DNS names (for addresses and the Host allowlist), or none. */
  function storedNames(): string[] {
    const info = certificateInfo(stored()?.cert ?? '')
    return info ? dnsNames(info) : []
  }

  async function status(): Promise<PortalServerStatus> {
    const { serve: enabled, port: chosenPort } = desk.get().portal
    const port = running?.port ?? chosenPort
    const certificate = certificateInfo(stored()?.cert ?? '')
    const addresses = running ? currentAddresses(running.https ? 'https' : 'http', running.https ? storedNames() : [], port) : []
    const chosen = desk.get().portalAddress
    // From this computer: the portal listens at the address invites give; the firewall is the step below.
    const answering = running && addresses[0] ? await portalAnswersAt(addresses[0], await practiceIdentity(options.db), SELF_CHECK_MS) : null
    const network = {
      choices: serving ? addressChoices(interfaces, hostName()) : [],
      chosen,
      chosenMissing: chosen !== null && chosenPresent() === null,
      answering,
      firewall: serving && running ? firewallStep(options.platform ?? process.platform, options.program ?? process.execPath, port) : null,
    }
    return { enabled, running: running !== null, port, addresses, certificate, error: lastError, network }
  }

  async function stop(): Promise<void> {
    const current = running
    running = null
    await current?.close()
  }

  async function start(port: number): Promise<void> {
    lastError = null
    let tls: PortalTls | undefined
    try {
      tls = loadDeskCertificate(options.deskDir) ?? undefined
    } catch {
      lastError = 'The client portal did not start: Portico could not read its certificate files. Add the certificate again, or remove it.'
      return
    }
    if (tls) {
      const checked = checkTlsPair(tls, options.now())
      if (!checked.ok) {
        lastError = `The client portal did not start because of its certificate. ${checked.problem.message} Or remove the certificate to serve without encryption.`
        return
      }
    }
    try {
      const names = tls ? storedNames() : []
      // The addresses offered here (and a chosen computer name) pass the portal's Host check too.
      const chosen = chosenPresent()
      const hostNames = serving ? [...new Set([...names, ...lanAddresses(interfaces), ...(chosen ? [chosen] : [])])] : names
      running = await startPortalServer({ db: options.db, now: options.now, rendererDir: options.rendererDir, host: options.host, port, tls, hostNames })
      // Invites and reset codes point clients at the address they can actually reach.
      // An address an admin set under Settings → Practice (a DNS name, a proxy) stays as it is.
      if ((await getSetting(options.db, 'portal.publicUrlChosen')) !== 'yes') {
        await putSetting(options.db, 'portal.publicUrl', currentAddresses(tls ? 'https' : 'http', names, running.port)[0]!)
      }
    } catch (error) {
      const code = (error as { code?: string }).code
      lastError =
        code === 'EADDRINUSE'
          ? `Port ${port} is already used by another program. Choose another port.`
          : code === 'EACCES'
            ? `Portico is not allowed to use port ${port}. Choose another port.`
            : 'The client portal could not start. Try again, or choose another port.'
    }
  }

  /**
   * After the certificate changed: a running portal starts again with (or without) it, and one
   * that is turned on but was stopped by its certificate tries again.
   */
  async function restart(): Promise<void> {
    const port = running?.port
    if (port !== undefined) {
      await stop()
      await start(port)
    } else if (desk.get().portal.serve) {
      await start(desk.get().portal.port)
    }
  }

  return {
    status,
    stop,
    async apply({ enabled, port, address }) {
      const addressChanged = address !== undefined && address !== desk.get().portalAddress
      if (addressChanged && address !== null && !addressChoices(interfaces, hostName()).includes(address)) {
        const message = 'That address is not one of this computer’s. Choose one from the list.'
        throw new AppError('INVALID_INPUT', message, [{ field: 'address', message }])
      }
      try {
        desk.setPortal({ serve: enabled, port })
        if (addressChanged) desk.setPortalAddress(address)
      } catch (error) {
        throw error instanceof DeskConfigError ? new AppError('INTERNAL', error.message) : error
      }
      // A new address goes into invites (and the Host check) when the portal starts again.
      if (running && (!enabled || running.port !== port || addressChanged)) await stop()
      if (enabled && !running) await start(port)
      if (!enabled) lastError = null
      return status()
    },
    async setCertificate(tls) {
      const checked = checkTlsPair(tls, options.now())
      if (!checked.ok) throw new AppError('INVALID_INPUT', checked.problem.message, [checked.problem])
      try {
        saveDeskCertificate(options.deskDir, tls)
      } catch {
        throw new AppError('INTERNAL', 'Portico could not save the certificate in its data folder. Check that the disk is not full, then try again.')
      }
      await restart()
      return status()
    },
    async removeCertificate() {
      removeDeskCertificate(options.deskDir)
      await restart()
      return status()
    },
    async resume() {
      const { serve, port } = desk.get().portal
      if (serve) await start(port)
    },
  }
}
