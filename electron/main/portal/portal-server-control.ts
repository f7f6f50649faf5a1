import { networkInterfaces } from 'node:os'
import type { Kysely } from 'kysely'
import { getSetting, putSetting } from '../../../db/repositories/settings.repository'
import type { Database } from '../../../db/schema'
import type { PortalServerStatus } from '../../../shared/dto'
import { type RunningPortal, startPortalServer } from './server'

/** Starts and stops the portal that this desk serves, as Settings → Client portal asks. */
export interface PortalServerControl {
  status(): Promise<PortalServerStatus>
  apply(settings: { enabled: boolean; port: number }): Promise<PortalServerStatus>
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
}

/** The addresses clients on the office network can use; loopback when there is no network. */
function addressesFor(host: string, port: number): string[] {
  if (host !== '0.0.0.0') return [`http://${host}:${port}`]
  const found = Object.values(networkInterfaces())
    .flat()
    .filter((net) => net && net.family === 'IPv4' && !net.internal)
    .map((net) => `http://${net!.address}:${port}`)
  return found.length > 0 ? found : [`http://127.0.0.1:${port}`]
}

export function createPortalServerControl(options: PortalServerControlOptions): PortalServerControl {
  let running: RunningPortal | null = null
  let lastError: string | null = null

  async function status(): Promise<PortalServerStatus> {
    const enabled = (await getSetting(options.db, 'portal.serve')) === 'on'
    const port = running?.port ?? Number(await getSetting(options.db, 'portal.port'))
    return { enabled, running: running !== null, port, addresses: running ? addressesFor(options.host, port) : [], error: lastError }
  }

  async function stop(): Promise<void> {
    const current = running
    running = null
    await current?.close()
  }

  async function start(port: number): Promise<void> {
    lastError = null
    try {
      running = await startPortalServer({ db: options.db, now: options.now, rendererDir: options.rendererDir, host: options.host, port })
      // Invites and reset codes point clients at the address they can actually reach.
      await putSetting(options.db, 'portal.publicUrl', addressesFor(options.host, running.port)[0]!)
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

  return {
    status,
    stop,
    async apply({ enabled, port }) {
      await putSetting(options.db, 'portal.serve', enabled ? 'on' : 'off')
      await putSetting(options.db, 'portal.port', String(port))
      if (running && (!enabled || running.port !== port)) await stop()
      if (enabled && !running) await start(port)
      if (!enabled) lastError = null
      return status()
    },
    async resume() {
      if ((await getSetting(options.db, 'portal.serve')) === 'on') await start(Number(await getSetting(options.db, 'portal.port')))
    },
  }
}
