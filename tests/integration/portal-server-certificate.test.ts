import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { insertStaff } from '../../db/repositories/staff.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'
import type { ChannelName } from '../../shared/channels'
import { type SelfSigned, passwordProtected, selfSignedCertificate, strayKey } from '../support/self-signed'
import { tempDatabase, tempDir, testContext } from '../support/temp-db'
import { sqliteHandle } from '../../db/dialect/store'
import { freePort } from '../support/free-port'

let t: Awaited<ReturnType<typeof tempDatabase>>
let deskDir: string
let cleanupDesk: () => void
let ctx: Parameters<typeof dispatch>[1]
let offsetMs = 0
let tls: SelfSigned
beforeEach(async () => {
  t = await tempDatabase({ demo: true })
  // The desk's own data folder is not the database's: nothing about the certificate may reach the database.
  ;({ dir: deskDir, cleanup: cleanupDesk } = tempDir('portico-desk-'))
  const rendererDir = join(t.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  offsetMs = 0
  const now = () => new Date(Date.now() + offsetMs)
  ctx = { ...testContext(t.db, now), portalServer: createPortalServerControl({ db: t.db, now, rendererDir, host: '127.0.0.1', deskDir }) }
  tls = selfSignedCertificate(t.dir)
})
afterEach(async () => {
  await ctx.portalServer.stop()
  await t.close()
  cleanupDesk()
})

const call = (channel: ChannelName, input: unknown) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})


/** GET over HTTPS trusting only the test's certificate: the status and the HSTS header. */
function httpsGet(url: string, ca: string): Promise<{ status: number; hsts: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, hsts: res.headers['strict-transport-security'] as string | undefined }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Every byte the database holds, WAL included, as text to search. */
function databaseBytes(): string {
  sqliteHandle(t.store).pragma('wal_checkpoint(TRUNCATE)')
  return readdirSync(t.dir)
    .filter((name) => name.startsWith('portico.sqlite3'))
    .map((name) => readFileSync(join(t.dir, name)).toString('latin1'))
    .join('')
}

const keyBody = (pem: string) => pem.split('\n').filter((line) => line && !line.startsWith('-----'))[0]!

describe('Settings → Client portal: a certificate and key', () => {
  test('an admin adds them: the portal serves HTTPS with them, invites use https, and the files stay in the desk’s folder (0600), not the database', { timeout: 30_000 }, async () => {
    const port = await freePort()
    expect(await call('setPortalServer', { enabled: true, port })).toMatchObject({ ok: true, value: { running: true, certificate: null, addresses: [`http://127.0.0.1:${port}`] } })

    const added = await call('setPortalCertificate', { certificate: tls.cert, key: tls.key })
    expect(added).toMatchObject({ ok: true, value: { running: true, addresses: [`https://127.0.0.1:${port}`], error: null, certificate: { names: ['localhost', '127.0.0.1'] } } })
    const expiresAt = (added as { value: { certificate: { expiresAt: string } } }).value.certificate.expiresAt
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now())

    // The running portal started again on HTTPS, with this certificate, and sends HSTS.
    expect(await httpsGet(`https://127.0.0.1:${port}/sign-in`, tls.cert)).toEqual({ status: 200, hsts: 'max-age=15552000' })
    const ava = (await call('listClients', { query: 'ava nguyen' })) as { ok: true; value: { items: { id: number }[] } }
    expect(await call('sendPortalInvite', { clientId: ava.value.items[0]!.id })).toMatchObject({ ok: true, value: { portalUrl: `https://127.0.0.1:${port}/activate` } })

    const folder = join(deskDir, 'portal-tls')
    expect(readdirSync(folder).sort()).toEqual(['certificate.pem', 'private-key.pem'])
    expect(readFileSync(join(folder, 'private-key.pem'), 'utf8')).toBe(tls.key)
    expect(readFileSync(join(folder, 'certificate.pem'), 'utf8')).toBe(tls.cert)
    // Windows has no such mode bits (the user's profile folder guards the files there).
    if (process.platform !== 'win32') {
      expect(statSync(join(folder, 'private-key.pem')).mode & 0o777).toBe(0o600)
      expect(statSync(join(folder, 'certificate.pem')).mode & 0o777).toBe(0o600)
      expect(statSync(folder).mode & 0o777).toBe(0o700)
    }

    const stored = databaseBytes()
    expect(stored).not.toContain('PRIVATE KEY')
    expect(stored).not.toContain(keyBody(tls.key))
    expect(stored).not.toContain(keyBody(tls.cert))
    const events = await t.db.selectFrom('audit_events').select(['action', 'detail']).where('action', 'like', 'portal.server.certificate.%').execute()
    expect(events).toEqual([{ action: 'portal.server.certificate.add', detail: JSON.stringify({ expiresAt }) }])
  })

  test('each problem gets its own plain message on its own field, and the certificate already in use is kept', { timeout: 30_000 }, async () => {
    expect(await call('setPortalCertificate', { certificate: tls.cert, key: tls.key })).toMatchObject({ ok: true })
    const other = selfSignedCertificate(t.dir)
    const encryptedKey = passwordProtected(other.key)
    const cases: [string, { certificate: string; key: string }, string, RegExp][] = [
      ['not a certificate', { certificate: 'hello, this is not a certificate', key: tls.key }, 'certificate', /not a certificate Portico can read.*BEGIN CERTIFICATE/],
      ['a key in the certificate field', { certificate: tls.key, key: tls.key }, 'certificate', /not a certificate Portico can read/],
      ['a damaged certificate', { certificate: tls.cert.replace(/[A-Za-z]{12}/, 'AAAAAAAAAAAA'), key: tls.key }, 'certificate', /not a certificate Portico can read|does not belong/],
      ['not a key', { certificate: tls.cert, key: 'not a key' }, 'key', /not a private key Portico can read.*BEGIN PRIVATE KEY/],
      ['the certificate in the key field', { certificate: tls.cert, key: tls.cert }, 'key', /not a private key Portico can read/],
      ['a key protected by a password', { certificate: other.cert, key: encryptedKey }, 'key', /protected by a password/],
      ['another certificate’s key', { certificate: tls.cert, key: other.key }, 'key', /does not belong to that certificate/],
      ['a key of no certificate', { certificate: tls.cert, key: strayKey() }, 'key', /does not belong to that certificate/],
    ]
    for (const [name, input, field, message] of cases) {
      const answer = (await call('setPortalCertificate', input)) as { ok: boolean; error?: { code: string; message: string; fields?: { field: string; message: string }[] } }
      expect(answer.ok, name).toBe(false)
      expect(answer.error?.code, name).toBe('INVALID_INPUT')
      expect(answer.error?.fields, name).toEqual([{ field, message: expect.stringMatching(message) }])
    }
    expect(await call('setPortalCertificate', { certificate: '', key: tls.key })).toMatchObject({ ok: false, error: { fields: [{ field: 'certificate', message: 'Choose the certificate file.' }] } })

    // Nothing above replaced the certificate already in use.
    expect(readFileSync(join(deskDir, 'portal-tls', 'private-key.pem'), 'utf8')).toBe(tls.key)
    expect(await call('getPortalServer', {})).toMatchObject({ ok: true, value: { certificate: { names: ['localhost', '127.0.0.1'] } } })
  })

  test('an expired certificate is refused with its date; one that expires while stored stops the portal with a message, and removing it serves plain HTTP again', { timeout: 30_000 }, async () => {
    const port = await freePort()
    expect(await call('setPortalCertificate', { certificate: tls.cert, key: tls.key })).toMatchObject({ ok: true })
    offsetMs = 3 * 24 * 60 * 60 * 1000
    expect(await call('setPortalCertificate', { certificate: tls.cert, key: tls.key })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ field: 'certificate', message: expect.stringMatching(/^That certificate expired on \d{1,2} [A-Z][a-z]+ \d{4}\./) }] },
    })

    const on = await call('setPortalServer', { enabled: true, port })
    expect(on).toMatchObject({ ok: true, value: { enabled: true, running: false, error: expect.stringMatching(/did not start because of its certificate\. That certificate expired on/) } })

    const removed = await call('removePortalCertificate', {})
    expect(removed).toMatchObject({ ok: true, value: { running: true, certificate: null, error: null, addresses: [`http://127.0.0.1:${port}`] } })
    expect(existsSync(join(deskDir, 'portal-tls'))).toBe(false)
    expect((await fetch(`http://127.0.0.1:${port}/sign-in`)).status).toBe(200)
  })

  test('front-desk staff cannot add or remove a certificate', async () => {
    const staff = { username: 'front.desk', displayName: 'Fran Desk', role: 'front_desk' as const }
    const id = await insertStaff(t.db, { ...staff, usernameKey: staff.username, passwordHash: 'not-a-usable-hash', now: new Date().toISOString() })
    ctx = { ...testContext(t.db, () => new Date(), { id, ...staff }), portalServer: ctx.portalServer }
    expect(await call('setPortalCertificate', { certificate: tls.cert, key: tls.key })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await call('removePortalCertificate', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(existsSync(join(deskDir, 'portal-tls'))).toBe(false)
  })
})
