import type { ClientSummary } from '../../../shared/dto'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'

/** How many matches a search shows; "Showing the first 50 matches" tells staff to type more. */
export const SEARCH_LIMIT = 50
/** The whole list is read in pages of this many clients, as the list scrolls to them. */
export const PAGE_SIZE = 100
/** Pages kept in memory: those nearest to what is on screen stay, the rest are read again if needed. */
export const MAX_PAGES = 40
/** Page reads in flight at once; a fast drag of the scroll bar asks only for where it ends up. */
const MAX_IN_FLIGHT = 3
/** The contract's maximum query length. */
const QUERY_MAX = 200

export interface ClientsSlice {
  query: string
  /** The matches of the current search (empty while browsing the whole list). */
  clients: ClientSummary[]
  /** Matches shown, or every client when browsing. */
  total: number
  /** More clients match than are shown (a search shows its best matches only). */
  hasMore: boolean
  /** True when the list is the whole practice in name order (no search): rows come in pages. */
  browsing: boolean
  /** Browsing: the pages read so far, by page number (rows page × PAGE_SIZE onwards). */
  pages: Record<number, ClientSummary[]>
  /** Changes with every new search or reload, so an answer for an older list is dropped. */
  listGeneration: number
  /** Changes when the list should go back to its top (a new search), not when it is only refreshed. */
  listReset: number
  listLoading: boolean
  listError: string | null
  selectedId: number | null
  /**
   * Sets the search text at once and searches (after `searchDelayMs`, 0 by default). Resolves when
   * that search settles, or straight away if a newer keystroke replaces it.
   */
  setQuery: (query: string) => Promise<void>
  /**
   * Searches for the current query now (or reads the top of the list). An older answer is ignored.
   * `keepPosition` refreshes what is shown (after a save) without taking the list back to its top.
   */
  loadClients: (options?: { keepPosition?: boolean }) => Promise<void>
  /** Browsing: the list shows rows `first` to `last`; reads the pages they need that are missing. */
  showRows: (first: number, last: number) => void
  /** Updates one client's row in the list, if it is showing, without another search. */
  patchClientInList: (clientId: number, patch: Partial<ClientSummary>) => void
}

/** The client at a row of the list, or undefined while its page is still being read. */
export function clientAtRow(state: Pick<ClientsSlice, 'browsing' | 'clients' | 'pages'>, row: number): ClientSummary | undefined {
  if (!state.browsing) return state.clients[row]
  return state.pages[Math.floor(row / PAGE_SIZE)]?.[row % PAGE_SIZE]
}

export const createClientsSlice: DeskSlice<ClientsSlice> = (deps) => (set, get) => {
  // Kept outside the state on purpose: timers and counters are bookkeeping, not something to render.
  let timer: ReturnType<typeof setTimeout> | undefined
  let settleWaiting: (() => void) | undefined
  let generations = 0
  const inFlight = new Set<number>()
  /** The newest rows asked for while too many reads were in flight. */
  let waiting: { first: number; last: number } | undefined
  let focus = 0
  /** The rows the list last said it shows, to read again after a refresh that keeps the position. */
  let shownRows: { first: number; last: number } | undefined

  /** The list's filter, as a call asks for it: 'all' is the whole list, so it isn't sent. */
  const narrowing = () => (get().filter === 'all' ? {} : { filter: get().filter })

  /** Main has just told admins of damaged rows it read: the session (and its notice) is asked for again. */
  const noticeDamage = (items: readonly ClientSummary[]) => {
    if (items.some((c) => c.damaged)) void get().loadSession()
  }

  const readPage = async (generation: number, page: number) => {
    inFlight.add(page)
    try {
      const result = await deps.call('listClients', { query: '', limit: PAGE_SIZE, at: page * PAGE_SIZE, ...narrowing() })
      noticeDamage(result.items)
      // Dropped if the list changed meanwhile, or is now a search's results.
      if (get().listGeneration !== generation || !get().browsing) return
      const pages = { ...get().pages, [page]: result.items }
      // Forget the pages farthest from what is on screen.
      const kept = Object.keys(pages).map(Number)
      if (kept.length > MAX_PAGES) {
        kept.sort((a, b) => Math.abs(b - focus) - Math.abs(a - focus))
        for (const far of kept.slice(0, kept.length - MAX_PAGES)) delete pages[far]
      }
      set({ pages, total: result.total })
    } catch (error) {
      if (get().listGeneration === generation) set({ listError: errorMessage(error) })
    } finally {
      // A read for an older list leaves the newer list's bookkeeping alone.
      if (get().listGeneration === generation) {
        inFlight.delete(page)
        const next = waiting
        waiting = undefined
        if (next) get().showRows(next.first, next.last)
      }
    }
  }

  return {
    query: '',
    clients: [],
    total: 0,
    hasMore: false,
    browsing: false,
    pages: {},
    listGeneration: 0,
    listReset: 0,
    listLoading: false,
    listError: null,
    selectedId: null,

    setQuery: (query) => {
      // The list is stale from the first keystroke, so it reads as busy until the search answers.
      set({ query: query.slice(0, QUERY_MAX), listLoading: true })
      if (timer !== undefined) clearTimeout(timer)
      settleWaiting?.()
      if (deps.searchDelayMs <= 0) {
        settleWaiting = undefined
        return get().loadClients()
      }
      return new Promise<void>((resolve) => {
        settleWaiting = resolve
        timer = setTimeout(() => {
          timer = undefined
          settleWaiting = undefined
          void get().loadClients().then(resolve)
        }, deps.searchDelayMs)
      })
    },

    loadClients: async (options) => {
      const generation = ++generations
      const query = get().query.trim()
      set({ listGeneration: generation, listLoading: true, listError: null })
      if (!options?.keepPosition) set({ listReset: get().listReset + 1 })
      inFlight.clear()
      waiting = undefined
      // The filter row's numbers follow every reload (a save here, or catching up with other desks).
      void get().loadCounts()
      try {
        if (query === '') {
          const page = await deps.call('listClients', { query: '', limit: PAGE_SIZE, at: 0, ...narrowing() })
          noticeDamage(page.items)
          if (get().listGeneration !== generation) return
          set({ browsing: true, pages: { 0: page.items }, clients: [], total: page.total, hasMore: false, listLoading: false })
          if (options?.keepPosition && shownRows) get().showRows(shownRows.first, shownRows.last)
          else focus = 0
        } else {
          const page = await deps.call('listClients', { query, limit: SEARCH_LIMIT, ...narrowing() })
          noticeDamage(page.items)
          if (get().listGeneration !== generation) return
          set({ browsing: false, pages: {}, clients: page.items, total: page.total, hasMore: page.hasMore, listLoading: false })
        }
      } catch (error) {
        if (get().listGeneration !== generation) return
        set({ listLoading: false, listError: errorMessage(error) })
      }
    },

    showRows: (first, last) => {
      shownRows = { first, last }
      const { browsing, pages, listGeneration, total } = get()
      if (!browsing || total === 0) return
      const from = Math.max(0, Math.floor(first / PAGE_SIZE))
      const to = Math.min(Math.floor((total - 1) / PAGE_SIZE), Math.floor(last / PAGE_SIZE))
      focus = Math.floor((from + to) / 2)
      for (let page = from; page <= to; page++) {
        if (pages[page] || inFlight.has(page)) continue
        if (inFlight.size >= MAX_IN_FLIGHT) {
          waiting = { first, last }
          return
        }
        void readPage(listGeneration, page)
      }
    },

    patchClientInList: (clientId, patch) => {
      // A changed status or portal word may move the client between filters: the counts follow at
      // once; the row itself stays where it is until the list is next read, not vanishing mid-task.
      void get().loadCounts()
      const { clients, pages } = get()
      if (clients.some((c) => c.id === clientId)) set({ clients: clients.map((c) => (c.id === clientId ? { ...c, ...patch } : c)) })
      for (const [page, rows] of Object.entries(pages)) {
        if (!rows.some((c) => c.id === clientId)) continue
        set({ pages: { ...get().pages, [page]: rows.map((c) => (c.id === clientId ? { ...c, ...patch } : c)) } })
      }
    },
  }
}
