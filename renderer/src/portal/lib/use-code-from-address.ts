import { useEffect, useState } from 'react'

const codeInAddress = (): string => new URLSearchParams(window.location.search).get('code')?.trim().slice(0, 40) ?? ''

/**
 * The one-time code a handout's QR code put in the address (…/activate?code=…), read once, then
 * taken out of the address bar so it stays out of history, bookmarks and screenshots. The page
 * still asks for what proves who the client is (date of birth, username).
 */
export function useCodeFromAddress(): string {
  const [code] = useState(codeInAddress)
  useEffect(() => {
    const url = new URL(window.location.href)
    if (!url.searchParams.has('code')) return
    url.searchParams.delete('code')
    window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`)
  }, [])
  return code
}
