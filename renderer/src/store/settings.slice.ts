import { contract } from '../../../shared/contract'
import type { PortalServerStatus } from '../../../shared/dto'
import { ApiCallError, errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError } from './form-outcome'

/** What Settings → Client portal applies: the switch, and the port as typed. */
export interface PortalServerChoice {
  enabled: boolean
  port: string
  /** The address invites give clients (null: the first found); absent keeps main's. */
  address?: string | null
}

export interface SettingsSlice {
  /** Main's last answer; null until the first load. */
  portalServer: PortalServerStatus | null
  portalServerLoading: boolean
  portalServerLoadError: string | null
  portalServerSaving: boolean
  /** A save that failed for a reason other than the port. */
  portalServerError: string | null
  /** Shown under the Port field. */
  portalServerPortError: string | null
  /** Said once a save went through, for those who cannot see the addresses appear. */
  portalServerNotice: string | null
  /** Asks main whether the portal is served and where. An answer overtaken by a save is ignored. */
  loadPortalServer: () => Promise<void>
  /**
   * Checks the port, then turns serving on or off. The switch moves at once and moves back if main
   * refuses. Resolves true when main applied it (the portal may still fail to start: see `error`).
   */
  setPortalServer: (choice: PortalServerChoice) => Promise<boolean>
  clearPortalServerPortError: () => void
  /** Hands main a certificate and key (PEM text from the chosen files); main checks and keeps them. */
  setPortalCertificate: (files: { certificate: string; key: string }) => Promise<FormOutcome>
  /** Back to plain HTTP. */
  removePortalCertificate: () => Promise<FormOutcome>
}

const portSchema = contract.setPortalServer.input.shape.port
const NO_SAVE_MESSAGES = { portalServerError: null, portalServerPortError: null, portalServerNotice: null } as const

/** The port as a number, or the message to show under the field. */
function parsePort(text: string): { port: number } | { error: string } {
  const trimmed = text.trim()
  if (trimmed === '') return { error: 'Enter a port number.' }
  const checked = portSchema.safeParse(Number(trimmed))
  return checked.success ? { port: checked.data } : { error: checked.error.issues[0]?.message ?? 'Check the port.' }
}

function noticeFor(status: PortalServerStatus): string | null {
  if (status.running) return 'Saved. The client portal is on.'
  return status.enabled ? null : 'Saved. The client portal is off.'
}

export const createSettingsSlice: DeskSlice<SettingsSlice> = (deps) => (set, get) => {
  // Loads and saves share one counter: only the newest answer about the server is shown.
  let latestRequest = 0

  return {
    portalServer: null,
    portalServerLoading: false,
    portalServerLoadError: null,
    portalServerSaving: false,
    ...NO_SAVE_MESSAGES,

    loadPortalServer: async () => {
      const request = ++latestRequest
      set({ portalServerLoading: true, portalServerLoadError: null })
      try {
        const status = await deps.call('getPortalServer', {})
        if (request !== latestRequest) return
        set({ portalServer: status, portalServerLoading: false })
      } catch (error) {
        if (request !== latestRequest) return
        set({ portalServerLoading: false, portalServerLoadError: errorMessage(error) })
      }
    },

    setPortalServer: async ({ enabled, port: portText, address }) => {
      const { portalServer: before, portalServerSaving } = get()
      if (portalServerSaving) return false
      const parsed = parsePort(portText)
      if ('error' in parsed) {
        set({ ...NO_SAVE_MESSAGES, portalServerPortError: parsed.error })
        return false
      }
      const request = ++latestRequest
      set({
        portalServerSaving: true,
        portalServerLoading: false,
        ...NO_SAVE_MESSAGES,
        portalServer: before ? { ...before, enabled } : null,
      })
      try {
        const status = await deps.call('setPortalServer', { enabled, port: parsed.port, ...(address !== undefined ? { address } : {}) })
        if (request === latestRequest) set({ portalServer: status, portalServerNotice: noticeFor(status) })
        return true
      } catch (error) {
        if (request !== latestRequest) return false
        const fields = error instanceof ApiCallError ? error.fields : []
        const portIssue = fields.find((f) => f.field.split('.').pop() === 'port')
        set({
          portalServer: before,
          portalServerPortError: portIssue?.message ?? null,
          portalServerError: portIssue ? null : `The client portal setting was not saved: ${errorMessage(error)}`,
        })
        return false
      } finally {
        set({ portalServerSaving: false })
      }
    },

    clearPortalServerPortError: () => {
      if (get().portalServerPortError) set({ portalServerPortError: null })
    },

    setPortalCertificate: async (files) => {
      const request = ++latestRequest
      try {
        const status = await deps.call('setPortalCertificate', files)
        if (request === latestRequest) set({ portalServer: status, ...NO_SAVE_MESSAGES })
        return OK
      } catch (error) {
        return outcomeFromError(error, ['certificate', 'key'])
      }
    },

    removePortalCertificate: async () => {
      const request = ++latestRequest
      try {
        const status = await deps.call('removePortalCertificate', {})
        if (request === latestRequest) set({ portalServer: status, ...NO_SAVE_MESSAGES })
        return OK
      } catch (error) {
        return outcomeFromError(error, [])
      }
    },
  }
}
