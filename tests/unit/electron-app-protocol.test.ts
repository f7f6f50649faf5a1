import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { APP_INDEX_URL, appProtocolResponse, resolveAppFile } from '../../electron/main/app-protocol'
import { CONTENT_SECURITY_POLICY } from '../../electron/main/csp'
import { tempDir } from '../support/temp-db'

/** A renderer folder with a page, a script, a nested asset, and a secret next to it (outside). */
let folder: { dir: string; cleanup: () => void }
let root: string

beforeAll(() => {
  folder = tempDir('portico-app-protocol-')
  root = join(folder.dir, 'renderer')
  mkdirSync(join(root, 'assets'), { recursive: true })
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Portico</title>')
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(join(root, 'assets', 'style.css'), 'body{}')
  writeFileSync(join(root, 'assets', 'logo.svg'), '<svg/>')
  writeFileSync(join(folder.dir, 'secret.txt'), 'outside the renderer')
  mkdirSync(join(folder.dir, 'renderer-evil'))
  writeFileSync(join(folder.dir, 'renderer-evil', 'x.js'), 'evil')
  symlinkSync(join(folder.dir, 'secret.txt'), join(root, 'assets', 'link-out.txt'))
  symlinkSync(folder.dir, join(root, 'assets', 'dir-out'))
  symlinkSync(join(root, 'assets', 'style.css'), join(root, 'assets', 'link-in.css'))
})
afterAll(() => folder.cleanup())

const resolve = (url: string) => resolveAppFile(url, root)

describe('app:// resolves to files inside the renderer folder only', () => {
  test('the index, assets, query strings and fragments', () => {
    expect(resolve(APP_INDEX_URL)).toEqual({ ok: true, path: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' })
    expect(resolve('app://portico/')).toMatchObject({ ok: true, path: join(root, 'index.html') })
    expect(resolve('app://portico')).toMatchObject({ ok: true, path: join(root, 'index.html') })
    expect(resolve('app://portico/assets/index-abc.js?v=3#top')).toEqual({ ok: true, path: join(root, 'assets', 'index-abc.js'), contentType: 'text/javascript; charset=utf-8' })
    expect(resolve('app://portico/assets/style.css')).toMatchObject({ ok: true, contentType: 'text/css; charset=utf-8' })
    expect(resolve('app://portico/assets/logo.svg')).toMatchObject({ ok: true, contentType: 'image/svg+xml' })
    expect(resolve('app://PORTICO/index.html')).toMatchObject({ ok: true })
  })

  test('a symlink that stays inside the folder is served', () => {
    expect(resolve('app://portico/assets/link-in.css')).toMatchObject({ ok: true, path: join(root, 'assets', 'style.css') })
  })

  test.each([
    'app://portico/../secret.txt',
    'app://portico/assets/../../secret.txt',
    'app://portico/%2e%2e/secret.txt',
    'app://portico/%2E%2E/secret.txt',
    'app://portico/.%2e/secret.txt',
    'app://portico/assets/%2e%2e/%2e%2e/secret.txt',
    'app://portico/%2e%2e%2fsecret.txt',
    'app://portico/..%2f..%2fsecret.txt',
    'app://portico/assets%2f..%2f..%2fsecret.txt',
    'app://portico/%252e%252e/secret.txt',
  ])('a way out of the folder is refused or lands inside: %s', (url) => {
    const result = resolve(url)
    // Either refused outright, or normalised by URL parsing to a path inside that does not exist.
    expect(result.ok).toBe(false)
    if (!result.ok) expect([403, 404]).toContain(result.status)
  })

  test.each([
    ['encoded slashes that would climb', 'app://portico/..%2fsecret.txt'],
    ['backslashes, Windows style', 'app://portico/..\\secret.txt'],
    ['encoded backslashes', 'app://portico/..%5c..%5csecret.txt'],
    ['a backslash inside a name', 'app://portico/assets\\index-abc.js'],
    ['a drive letter', 'app://portico/C:/Windows/win.ini'],
    ['an encoded drive letter', 'app://portico/C%3A%5CWindows%5Cwin.ini'],
    ['a UNC path', 'app://portico//server/share/x'],
    ['an encoded absolute path', 'app://portico/%2Fetc%2Fpasswd'],
    ['a NUL byte', 'app://portico/index.html%00.js'],
    ['a symlink to a file outside', 'app://portico/assets/link-out.txt'],
    ['a symlink to a folder outside', 'app://portico/assets/dir-out/secret.txt'],
  ])('%s is refused with 403', (_what, url) => {
    expect(resolve(url)).toEqual({ ok: false, status: 403 })
  })

  test('a sibling folder whose name starts like the root is outside', () => {
    expect(resolveAppFile('app://portico/x.js', join(folder.dir, 'renderer-evil')).ok).toBe(true)
    expect(resolve('app://portico/../renderer-evil/x.js').ok).toBe(false)
  })

  test.each([
    ['another host', 'app://evil/index.html'],
    ['a port', 'app://portico:8080/index.html'],
    ['credentials', 'app://user:pw@portico/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://portico/index.html'],
  ])('%s is refused with 403', (_what, url) => {
    expect(resolve(url)).toEqual({ ok: false, status: 403 })
  })

  test('a malformed escape is a 400; missing files and folders are 404', () => {
    expect(resolve('app://portico/%E0%A4%A')).toEqual({ ok: false, status: 400 })
    expect(resolve('app://portico/nope.js')).toEqual({ ok: false, status: 404 })
    expect(resolve('app://portico/assets')).toEqual({ ok: false, status: 404 })
    expect(resolve('app://portico/assets/')).toEqual({ ok: false, status: 404 })
  })
})

describe('app:// responses', () => {
  test('a file comes back with its content type and the CSP header', async () => {
    const response = await appProtocolResponse({ url: 'app://portico/assets/index-abc.js', method: 'GET' }, root)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe('console.log(1)')
  })

  test('refusals carry the CSP too, and say nothing of the file', async () => {
    for (const [url, status] of [
      ['app://portico/../secret.txt', 404],
      ['app://portico/..%2fsecret.txt', 403],
      ['app://portico/missing.html', 404],
      ['app://evil/index.html', 403],
    ] as const) {
      const response = await appProtocolResponse({ url, method: 'GET' }, root)
      expect(response.status).toBe(status)
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
      expect(await response.text()).not.toContain('outside the renderer')
    }
  })

  test('only GET and HEAD', async () => {
    expect((await appProtocolResponse({ url: APP_INDEX_URL, method: 'POST' }, root)).status).toBe(405)
    const head = await appProtocolResponse({ url: APP_INDEX_URL, method: 'HEAD' }, root)
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})
