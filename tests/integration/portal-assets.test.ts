import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { resolve } from 'node:path'
import { afterEach, beforeAll, expect, test } from 'vitest'
import { portalHarness } from '../support/portal-harness'

/**
 * Issue 13: "The portal page downloads 739 kB of unminified, uncompressed JavaScript". The real
 * production build (`npm run build`, which `npm test` runs first), served by the real portal
 * server; what is checked is how files travel, not data, so one engine is enough.
 */
const BUILT = resolve(__dirname, '../../out/renderer')

/** One GET as a browser sends it, the body's bytes as they came over the wire (still compressed). */
function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }> {
  return new Promise((done, fail) => {
    request(url, { headers }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, bytes }))
    })
      .on('error', fail)
      .end()
  })
}

let h: Awaited<ReturnType<typeof portalHarness>>
beforeAll(() => {
  if (!existsSync(resolve(BUILT, 'portal.html'))) throw new Error('No production build in out/renderer: run `npm run build` first (npm test does).')
})
afterEach(async () => h.close())

test('the sign-in page’s scripts and styles come minified, compressed and cached for good; the page itself is never cached', async () => {
  h = await portalHarness({ rendererDir: BUILT })
  const browser = { 'accept-encoding': 'br, gzip' }
  const page = await get(new URL('/sign-in', h.base).href, browser)
  expect(page.status).toBe(200)
  expect(page.headers['cache-control']).toBe('no-store')
  const html = await (await fetch(new URL('/sign-in', h.base))).text()
  const files = [...html.matchAll(/(?:src|href)="((?:\.\/|\/)assets\/[^"]+\.(?:js|css))"/g)].map((m) => new URL(m[1]!, new URL('/sign-in', h.base)).pathname)
  expect(files.some((f) => f.endsWith('.js'))).toBe(true)
  let scriptBytes = 0
  for (const file of files) {
    const answer = await get(new URL(file, h.base).href, browser)
    expect(answer.status, file).toBe(200)
    expect(answer.headers['content-encoding'], file).toBe('br')
    expect(answer.headers['cache-control'], file).toBe('public, max-age=31536000, immutable')
    if (file.endsWith('.js')) scriptBytes += answer.bytes
  }
  // 739 kB of script before; what a phone downloads now, compressed.
  console.log(`portal sign-in page: ${files.length} files, ${(scriptBytes / 1024).toFixed(0)} kB of script over the wire (brotli)`)
  expect(scriptBytes).toBeLessThan(150 * 1024)
  // A browser that takes only gzip gets gzip.
  expect((await get(new URL(files[0]!, h.base).href, { 'accept-encoding': 'gzip' })).headers['content-encoding']).toBe('gzip')
})

test('answers of the API, which carry tokens and personal data, are never compressed nor cached', async () => {
  h = await portalHarness({ rendererDir: BUILT })
  for (const path of ['/api/csrf', '/api/session', '/api/practice']) {
    const answer = await get(new URL(path, h.base).href, { 'accept-encoding': 'br, gzip' })
    expect(answer.status, path).toBe(200)
    expect(answer.headers['content-encoding'], path).toBeUndefined()
    expect(answer.headers['cache-control'], path).toBe('no-store')
  }
})
