import { Fragment, type ReactNode } from 'react'

/**
 * A link (or username) with its only wrap points between its parts: after a path's slash (never
 * inside "//") and before a query's "?" or "&". The browser breaks inside a part only if that part
 * alone is wider than the line, so "…/activate" never reads "…/activat" "e".
 */
export function withWrapPoints(text: string): ReactNode {
  const parts: string[] = []
  let part = ''
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!
    if ((c === '?' || c === '&') && part) [parts[parts.length], part] = [part, '']
    part += c
    if (c === '/' && text[i - 1] !== '/' && text[i + 1] !== '/' && i < text.length - 1) [parts[parts.length], part] = [part, '']
  }
  if (part) parts.push(part)
  return parts.map((p, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {p}
    </Fragment>
  ))
}
