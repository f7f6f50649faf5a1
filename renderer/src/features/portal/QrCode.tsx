import { create } from 'qrcode'
import { useMemo } from 'react'

/** The quiet zone around the code, in modules: the four a phone's camera needs to find it. */
const QUIET = 4

/**
 * A QR code as an inline SVG drawn from the qrcode package's module matrix: nothing to fetch and
 * nothing for the Content-Security-Policy to allow (no data URL, no inline style). It prints sharp
 * at any size.
 */
export function QrCode({ text, label }: { text: string; label: string }) {
  const { size, path } = useMemo(() => {
    const { modules } = create(text, { errorCorrectionLevel: 'M' })
    let d = ''
    for (let row = 0; row < modules.size; row += 1) {
      for (let col = 0; col < modules.size; col += 1) {
        if (modules.get(row, col)) d += `M${String(col + QUIET)} ${String(row + QUIET)}h1v1h-1z`
      }
    }
    return { size: modules.size + QUIET * 2, path: d }
  }, [text])
  return (
    <svg className="qr-code" role="img" aria-label={label} viewBox={`0 0 ${String(size)} ${String(size)}`} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  )
}
