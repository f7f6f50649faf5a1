import { realpathSync, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './csp'

/** The renderer is served as app://portico/…: a standard, secure origin of its own, not file://. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'portico'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

export type AppFile = { ok: true; path: string; contentType: string } | { ok: false; status: 400 | 403 | 404 }

/** A path segment that could step outside the folder, or mean something else on Windows. */
const unsafeSegment = (segment: string) =>
  segment === '..' || segment === '.' || segment.includes('\\') || segment.includes('\0') || /^[a-z]:/i.test(segment) || segment.includes(':')

/**
 * Maps an app:// URL to a file inside `rootDir`, or refuses it: another scheme or host (403), a
 * path that tries to leave the folder by any spelling — `..`, `%2e%2e`, `%2f`, backslashes, drive
 * letters, symlinks pointing out (403), a malformed escape (400), or no such file (404). The query
 * and fragment are ignored; `/` is index.html.
 */
export function resolveAppFile(url: string, rootDir: string): AppFile {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, status: 400 }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host.toLowerCase() !== APP_HOST || parsed.username || parsed.password || parsed.port) {
    return { ok: false, status: 403 }
  }
  let decoded: string
  try {
    // Chromium gives app://portico the path "/"; Node's URL leaves it empty.
    decoded = decodeURIComponent(parsed.pathname || '/')
  } catch {
    return { ok: false, status: 400 }
  }
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return { ok: false, status: 403 }
  const segments = decoded.slice(1).split('/')
  if (segments.some(unsafeSegment)) return { ok: false, status: 403 }
  const wanted = segments.filter((s) => s !== '')
  if (wanted.length === 0) wanted.push('index.html')

  const candidate = join(rootDir, ...wanted)
  if (!isInside(rootDir, candidate)) return { ok: false, status: 403 }
  let realRoot: string
  let realFile: string
  try {
    realRoot = realpathSync(rootDir)
    realFile = realpathSync(candidate)
  } catch {
    return { ok: false, status: 404 }
  }
  // A symlink inside the folder must not lead out of it.
  if (!isInside(realRoot, realFile)) return { ok: false, status: 403 }
  try {
    if (!statSync(realFile).isFile()) return { ok: false, status: 404 }
  } catch {
    return { ok: false, status: 404 }
  }
  const contentType = CONTENT_TYPES[extname(realFile).toLowerCase()] ?? 'application/octet-stream'
  return { ok: true, path: realFile, contentType }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
}

/** Headers on every app:// answer, refusals included: the CSP travels as a header, not only a meta tag. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  }
}

/** The answer to one app:// request (what `protocol.handle('app', …)` returns). */
export async function appProtocolResponse(request: { url: string; method: string }, rootDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: appResponseHeaders('text/plain; charset=utf-8') })
  }
  const file = resolveAppFile(request.url, rootDir)
  if (!file.ok) return new Response(file.status === 404 ? 'Not found' : 'Refused', { status: file.status, headers: appResponseHeaders('text/plain; charset=utf-8') })
  try {
    const body = request.method === 'HEAD' ? null : await readFile(file.path)
    return new Response(body, { status: 200, headers: appResponseHeaders(file.contentType) })
  } catch {
    return new Response('Not found', { status: 404, headers: appResponseHeaders('text/plain; charset=utf-8') })
  }
}
