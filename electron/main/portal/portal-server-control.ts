import { networkInterfaces } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import type { Database } from '../../../db/schema'
import type { PortalServerStatus } from '../../../shared/dto'
import { AppError } from '../app-error'
import { DESK_CONFIG_NAME, DeskConfigError, DeskConfigStore } from '../desk/desk-config'
import { type RunningPortal, startPortalServer } from './server'
import { type PortalTls, certificateInfo, checkTlsPair, dnsNames } from './portal-tls'
import { loadDeskCertificate, removeDeskCertificate, saveDeskCertificate } from './portal-tls-store'

/** Starts and stops the portal that this desk serves, as Settings → Client portal asks. */
export interface PortalServerControl {
  status(): Promise<PortalServerStatus>
  apply(settings: { enabled: boolean; port: number }): Promise<PortalServerStatus>
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
  deskConfig?: Pick<DeskConfigStore, 'get' | 'setPortal'>
}

/**
 * The addresses clients on the office network can use, the first given in invites: with a
 * certificate, its DNS names come first (a browser checks the name it was given against it), then
 * this computer's addresses; loopback when there is no network.
 */
function addressesFor(host: string, port: number, scheme: 'http' | 'https', names: string[]): string[] {
  if (host !== '0.0.0.0') return [`${scheme}://${host}:${port}`]
  const found = Object.values(networkInterfaces())
    .flat()
    .filter((net) => net && net.family === 'IPv4' && !net.internal)
    .map((net) => net!.address)
  return [...names, ...(found.length > 0 ? found : ['127.0.0.1'])].map((name) => `${scheme}://${name}:${port}`)
}

export function createPortalServerControl(options: PortalServerControlOptions): PortalServerControl {
  const desk = options.deskConfig ?? new DeskConfigStore(join(options.deskDir, DESK_CONFIG_NAME))
  let running: RunningPortal | null = null
  let lastError: string | null = null

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
    const addresses = running ? addressesFor(options.host, port, running.https ? 'https' : 'http', running.https ? storedNames() : []) : []
    return { enabled, running: running !== null, port, addresses, certificate, error: lastError }
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
      running = await startPortalServer({ db: options.db, now: options.now, rendererDir: options.rendererDir, host: options.host, port, tls, hostNames: names })
      // Invites and reset codes point clients at the address they can actually reach.
      // An address an admin set under Settings → Practice (a DNS name, a proxy) stays as it is.
      if ((await getSetting(options.db, 'portal.publicUrlChosen')) !== 'yes') {
        await putSetting(options.db, 'portal.publicUrl', addressesFor(options.host, running.port, tls ? 'https' : 'http', names)[0]!)
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
    async apply({ enabled, port }) {
      try {
        desk.setPortal({ serve: enabled, port })
      } catch (error) {
        throw error instanceof DeskConfigError ? new AppError('INTERNAL', error.message) : error
      }
      if (running && (!enabled || running.port !== port)) await stop()
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
