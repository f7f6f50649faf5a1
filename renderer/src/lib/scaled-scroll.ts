import { type Virtualizer, observeElementOffset } from '@tanstack/react-virtual'

/**
 * Browsers stop an element growing at about 17.9 million px (Firefox) to 33.5 million px
 * (Chromium): a million 56 px rows would be 56 million. Past this height the list is drawn
 * scaled: the scroll bar covers the whole list, and each pixel of it moves several pixels of list.
 */
export const MAX_SCROLL_PX = 8_000_000

/** The list's real scroll height, and how many list pixels one scrolled pixel stands for. */
export function scrollScale(listPx: number, viewportPx: number): { realPx: number; scale: number } {
  if (listPx <= MAX_SCROLL_PX || listPx <= viewportPx) return { realPx: listPx, scale: 1 }
  // Scaled so that the real bottom of the scroll range is the list's bottom too.
  return { realPx: MAX_SCROLL_PX, scale: (listPx - viewportPx) / (MAX_SCROLL_PX - viewportPx) }
}

/**
 * What the virtualizer sees instead of the scrolling element: the same element, but measured in
 * list pixels. Reads multiply by the scale, writes divide by it; events and size are the element's.
 * With a scale of 1 it is the element as it is.
 */
export function scaledScrollElement(el: HTMLElement, scale: () => number, listPx: () => number): HTMLElement {
  const scaled = {
    ownerDocument: el.ownerDocument,
    get scrollTop() {
      return el.scrollTop * scale()
    },
    get scrollLeft() {
      return el.scrollLeft
    },
    get scrollHeight() {
      return Math.max(listPx(), el.clientHeight)
    },
    get scrollWidth() {
      return el.scrollWidth
    },
    get clientHeight() {
      return el.clientHeight
    },
    get clientWidth() {
      return el.clientWidth
    },
    scrollTo(options: ScrollToOptions) {
      el.scrollTo({ ...options, ...(options.top === undefined ? {} : { top: options.top / scale() }) })
    },
    addEventListener: el.addEventListener.bind(el),
    removeEventListener: el.removeEventListener.bind(el),
  }
  return scaled as unknown as HTMLElement
}

/** The element's own size, watched on the real element (a ResizeObserver needs one). */
export function observeRealRect(el: () => HTMLElement | null) {
  return (_instance: Virtualizer<HTMLElement, Element>, cb: (rect: { width: number; height: number }) => void) => {
    const target = el()
    if (!target) return undefined
    const report = () => cb({ width: target.clientWidth, height: target.clientHeight })
    report()
    const observer = new ResizeObserver(report)
    observer.observe(target)
    return () => observer.disconnect()
  }
}

export { observeElementOffset }
