import type { ClientSummary } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'

/** How many clients one search shows; "Showing N of TOTAL" tells staff when there are more. */
export const LIST_LIMIT = 200
/** The contract's maximum query length. */
const QUERY_MAX = 200

export interface ClientsSlice {
  query: string
  clients: ClientSummary[]
  total: number
  /** More clients match than are shown (a search shows its best matches only). */
  hasMore: boolean
  listLoading: boolean
  listError: string | null
  selectedId: number | null
  /**
   * Sets the search text at once and searches after a short pause (type-ahead). Resolves when that
   * search settles, or straight away if a newer keystroke replaces it.
   */
  setQuery: (query: string) => Promise<void>
  /** Searches for the current query now. A response that arrives after a newer one is ignored. */
  loadClients: () => Promise<void>
  /** Updates one client's row in the list, if it is showing, without another search. */
  patchClientInList: (clientId: number, patch: Partial<ClientSummary>) => void
}

export const createClientsSlice: DeskSlice<ClientsSlice> = (deps) => (set, get) => {
  // Kept outside the state on purpose: timers and counters are bookkeeping, not something to render.
  let timer: ReturnType<typeof setTimeout> | undefined
  let settleWaiting: (() => void) | undefined
  let latestRequest = 0

  return {
    query: '',
    clients: [],
    total: 0,
    hasMore: false,
    listLoading: false,
    listError: null,
    selectedId: null,

    setQuery: (query) => {
      // The list is stale from the first keystroke, so it reads as busy until the search answers.
      set({ query: query.slice(0, QUERY_MAX), listLoading: true })
      if (timer !== undefined) clearTimeout(timer)
      settleWaiting?.()
      return new Promise<void>((resolve) => {
        settleWaiting = resolve
        timer = setTimeout(() => {
          timer = undefined
          settleWaiting = undefined
          void get().loadClients().then(resolve)
        }, deps.searchDelayMs)
      })
    },

    loadClients: async () => {
      const request = ++latestRequest
      set({ listLoading: true, listError: null })
      try {
        const page = await deps.call('listClients', { query: get().query.trim(), limit: LIST_LIMIT })
        if (request !== latestRequest) return
        set({ clients: page.items, total: page.total, hasMore: page.hasMore, listLoading: false })
      } catch (error) {
        if (request !== latestRequest) return
        set({ listLoading: false, listError: errorMessage(error) })
      }
    },

    patchClientInList: (clientId, patch) => {
      const { clients } = get()
      if (!clients.some((c) => c.id === clientId)) return
      set({ clients: clients.map((c) => (c.id === clientId ? { ...c, ...patch } : c)) })
    },
  }
}
