import { type Range, defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual'
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { observeElementOffset, observeRealRect, scaledScrollElement, scrollScale } from '../../lib/scaled-scroll'
import { SEARCH_LIMIT, clientAtRow, useDesk } from '../../store'
import { ClientListItem } from './ClientListItem'

/** Every row is this tall (the CSS fixes it), so any row's place is known without measuring. */
export const ROW_PX = 56
/** Rows drawn beyond each edge of the pane, so a scroll shows rows already laid out. */
const OVERSCAN = 6

/**
 * The search results, or the whole practice in name order: count, list, and the empty, loading
 * and error states. Only the rows on screen are in the page (@tanstack/react-virtual); the whole
 * list is read from main a page at a time as it scrolls to them, and beyond a few hundred thousand
 * clients the scroll bar is scaled to stay under the browser's height limit.
 */
export function ClientList() {
  const { clients, total, hasMore, browsing, query, listLoading, listError } = useDesk(
    useShallow((s) => ({
      clients: s.clients,
      total: s.total,
      hasMore: s.hasMore,
      browsing: s.browsing,
      query: s.query,
      listLoading: s.listLoading,
      listError: s.listError,
    })),
  )
  const loadClients = useDesk((s) => s.loadClients)
  const trimmed = query.trim()
  const count = browsing ? total : clients.length

  return (
    <div className="client-results">
      {/* The count doubles as the announcement of each type-ahead result. */}
      <p className="list-count" role="status">
        {listLoading && count === 0 ? '' : countText(count, total, hasMore, !browsing)}
      </p>
      {listError && (
        <div className="message message-error" role="alert">
          <p>{listError}</p>
          <button type="button" className="button button-small" onClick={() => void loadClients()}>
            Try again
          </button>
        </div>
      )}
      {!listLoading && !listError && count === 0 && (
        <p className="empty-state">
          {trimmed ? `No clients match “${trimmed}”` : 'No clients yet. Use New client to add the first one.'}
        </p>
      )}
      <VirtualClientList count={count} busy={listLoading} />
    </div>
  )
}

function VirtualClientList({ count, busy }: { count: number; busy: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null)
  const listRef = useRef<HTMLUListElement>(null)
  const selectClient = useDesk((s) => s.selectClient)
  const showRows = useDesk((s) => s.showRows)
  const onSelect = useCallback((clientId: number) => void selectClient(clientId), [selectClient])
  /**
   * One row at a time takes part in Tab order (a roving tab stop): Tab reaches the list once, the
   * arrow keys move within it. A row scrolled out of view hands its tab stop to the first row shown.
   */
  const [activeRow, setActiveRow] = useState(0)
  const activeRef = useRef(activeRow)
  activeRef.current = activeRow
  /** The row whose button has focus, if any: kept drawn until focus moves on, so keys keep arriving. */
  const focusedRef = useRef<number | null>(null)

  const listPx = count * ROW_PX
  // The virtualizer keeps the callbacks it was made with: they read the newest values from here.
  const latest = useRef({ scale: 1, listPx })
  const scaledElement = useMemo(
    () => ({ el: null as HTMLElement | null, scaled: null as HTMLElement | null }),
    [],
  )
  const getScrollElement = useCallback(() => {
    const el = scrollRef.current
    if (el !== scaledElement.el) {
      scaledElement.el = el
      scaledElement.scaled = el ? scaledScrollElement(el, () => latest.current.scale, () => latest.current.listPx) : null
    }
    return scaledElement.scaled
  }, [scaledElement])

  const virtualizer = useVirtualizer({
    count,
    getScrollElement,
    estimateSize: () => ROW_PX,
    overscan: OVERSCAN,
    observeElementRect: observeRealRect(() => scrollRef.current),
    observeElementOffset,
    // The row with the tab stop stays drawn (out of sight) while the list scrolls away from it, so a
    // key pressed before the next row is drawn still reaches the list.
    rangeExtractor: useCallback((range: Range) => {
      const rows = defaultRangeExtractor(range)
      for (const keep of [activeRef.current, focusedRef.current]) {
        if (keep !== null && keep < range.count && !rows.includes(keep)) rows.push(keep)
      }
      return rows.sort((a, b) => a - b)
    }, []),
  })
  const { realPx, scale } = scrollScale(listPx, virtualizer.scrollRect?.height ?? scrollRef.current?.clientHeight ?? 0)
  latest.current = { scale, listPx }
  const rows = virtualizer.getVirtualItems()
  // The rows on screen (and overscan), without the kept tab stop.
  const onScreen = rows.filter((r) => r.index >= virtualizer.range!.startIndex - OVERSCAN && r.index <= virtualizer.range!.endIndex + OVERSCAN)
  const first = onScreen[0]?.index ?? 0
  const last = onScreen.at(-1)?.index ?? -1

  // Ask main for the rows about to show (only pages not read yet; nothing while searching).
  // (Again after a refresh, which forgets the pages read so far.)
  const generation = useDesk((s) => s.listGeneration)
  useEffect(() => {
    if (last >= first) showRows(first, last)
  }, [first, last, showRows, count, generation])

  // In a scaled list a wheel notch would move the list several times as far as usual: move it by
  // the notch in list pixels instead, so one notch is a couple of rows, as in any list.
  useEffect(() => {
    const el = scrollRef.current
    if (!el) return undefined
    let carry = 0
    const onWheel = (event: WheelEvent) => {
      const { scale: s } = latest.current
      if (s <= 1 || event.ctrlKey || event.deltaY === 0) return
      event.preventDefault()
      const unit = event.deltaMode === 1 ? 40 : event.deltaMode === 2 ? el.clientHeight * s : 1
      carry += (event.deltaY * unit) / s
      const whole = Math.trunc(carry)
      carry -= whole
      el.scrollTop += whole
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])

  // A new search starts at its best match; a refresh after a save stays where it was.
  const reset = useDesk((s) => s.listReset)
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0
    setActiveRow(0)
  }, [reset])
  // Only a row wholly in view may be the tab stop: focusing a row half out of view makes the browser
  // scroll it in, which in a scaled list moves it several times as far.
  const viewRows = virtualizer.getVirtualIndexes()
  const offsetNow = virtualizer.scrollOffset ?? 0
  const viewHeight = virtualizer.scrollRect?.height ?? 0
  const firstInView = Math.min(count - 1, Math.ceil(offsetNow / ROW_PX))
  const lastInView = Math.max(firstInView, Math.floor((offsetNow + viewHeight) / ROW_PX) - 1)
  const tabStop = activeRow >= firstInView && activeRow <= lastInView && viewRows.includes(activeRow) ? activeRow : firstInView

  const shown = useDesk(useShallow((s) => rows.map((r) => clientAtRow(s, r.index))))
  const selectedId = useDesk((s) => s.selectedId)

  // Where the rows go: the list scrolled `virtualOffset` list pixels, which is `realOffset` real ones.
  const virtualOffset = virtualizer.scrollOffset ?? 0
  const realOffset = virtualOffset / scale

  /** Arrow keys, Page Up/Down, Home and End move between clients, reading rows as needed. */
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (Number.isNaN(Number((event.target as HTMLElement).closest('li')?.dataset['row'] ?? NaN))) return
    // Keys move from the row last moved to, even if its button has not taken focus yet.
    const from = activeRef.current
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_PX) / ROW_PX) - 1)
    const to = { ArrowDown: from + 1, ArrowUp: from - 1, PageDown: from + page, PageUp: from - page, Home: 0, End: count - 1 }[event.key]
    if (to === undefined) return
    event.preventDefault()
    const target = Math.max(0, Math.min(count - 1, to))
    activeRef.current = target
    setActiveRow(target)
    virtualizer.scrollToIndex(target, { align: 'auto' })
    focusRow(listRef.current, target, () => activeRef.current === target)
  }

  return (
    <div ref={scrollRef} className="client-scroll">
      <ul
        ref={listRef}
        className="client-list"
        aria-label="Clients"
        aria-busy={busy || undefined}
        onKeyDown={onKeyDown}
        onFocus={(event) => {
          const row = Number(event.target.closest('li')?.dataset['row'] ?? NaN)
          if (Number.isNaN(row)) return
          focusedRef.current = row
          // Focus that arrives by Tab or a click moves the tab stop there.
          if (activeRef.current !== row) {
            activeRef.current = row
            setActiveRow(row)
          }
        }}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) focusedRef.current = null
        }}
        style={{ height: `${String(realPx)}px` }}
      >
        {rows.map((row, i) => {
          const client = shown[i]
          const top = realOffset + (row.start - virtualOffset)
          return (
            <li
              key={client ? `c${String(client.id)}` : `r${String(row.index)}`}
              className="client-row"
              data-row={row.index}
              aria-setsize={count}
              aria-posinset={row.index + 1}
              style={{ transform: `translateY(${String(top)}px)` }}
            >
              {client ? (
                <ClientListItem client={client} selected={client.id === selectedId} onSelect={onSelect} tabStop={row.index === tabStop} />
              ) : (
                <span className="client-item client-item-pending">Loading…</span>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/**
 * Focuses a row's button once it is drawn (the list may need a frame, or a page read, first), unless
 * a later key has moved on by then.
 */
function focusRow(list: HTMLUListElement | null, row: number, current: () => boolean, tries = 60) {
  if (!current()) return
  const button = list?.querySelector<HTMLButtonElement>(`li[data-row="${String(row)}"] button`)
  if (button) button.focus({ preventScroll: true })
  else if (tries > 0) requestAnimationFrame(() => focusRow(list, row, current, tries - 1))
}

const countText = (shown: number, total: number, hasMore: boolean, searching: boolean) => {
  if (searching && hasMore && shown > 0) return `Showing the first ${String(Math.min(shown, SEARCH_LIMIT))} matches. Type more to narrow them.`
  return total === 1 ? '1 client' : `${total.toLocaleString()} clients`
}
