import { mkdirSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'
import { tempDatabase, testContext } from '../support/temp-db'
import { freePort } from '../support/free-port'

let t: Awaited<ReturnType<typeof tempDatabase>>
let ctx: Parameters<typeof dispatch>[1]
beforeEach(async () => {
  t = await tempDatabase({ demo: true })
  const rendererDir = join(t.dir, 'renderer')
  mkdirSync(join(rendererDir, 'assets'), { recursive: true })
  writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
  const now = () => new Date()
  ctx = { ...testContext(t.db, now), portalServer: createPortalServerControl({ db: t.db, now, rendererDir, host: '127.0.0.1', deskDir: t.dir }) }
})
afterEach(async () => {
  await ctx.portalServer.stop()
  await t.close()
})

const call = (channel: 'getPortalServer' | 'setPortalServer' | 'sendPortalInvite', input: unknown) =>
  dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})


describe('Settings → Client portal', () => {
  test('is off by default, serves the portal when turned on, and invites then point at it', async () => {
    expect(await call('getPortalServer', {})).toMatchObject({ ok: true, value: { enabled: false, running: false, port: 5181, addresses: [] } })
    const port = await freePort()
    const on = await call('setPortalServer', { enabled: true, port })
    expect(on).toEqual({ ok: true, value: { enabled: true, running: true, port, addresses: [`http://127.0.0.1:${port}`], certificate: null, error: null, network: { choices: [], chosen: null, chosenMissing: false, answering: true, firewall: null } } })
    const page = await fetch(`http://127.0.0.1:${port}/sign-in`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Client portal')

    const ava = (await dispatch(handlers, ctx, 'listClients', { query: 'ava nguyen' }, { trusted: true })) as { ok: true; value: { items: { id: number }[] } }
    const invite = await call('sendPortalInvite', { clientId: ava.value.items[0]!.id })
    expect(invite).toMatchObject({ ok: true, value: { portalUrl: `http://127.0.0.1:${port}/activate`, portalAnswering: true } })

    expect(await call('setPortalServer', { enabled: false, port })).toMatchObject({ ok: true, value: { enabled: false, running: false } })
    // Turned off: the link keeps its address, and the next code says the portal isn't answering there.
    const later = await call('sendPortalInvite', { clientId: ava.value.items[0]!.id })
    expect(later).toMatchObject({ ok: true, value: { portalUrl: `http://127.0.0.1:${port}/activate`, portalAnswering: false } })
    await expect(fetch(`http://127.0.0.1:${port}/sign-in`)).rejects.toThrow()
    const events = await t.db.selectFrom('audit_events').select(['action', 'outcome']).where('action', 'like', 'portal.server.%').execute()
    expect(events).toEqual([
      { action: 'portal.server.enable', outcome: 'success' },
      { action: 'portal.server.disable', outcome: 'success' },
    ])
  })

  test('a port another program holds gives a clear message, and the desk keeps working', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve))
    const { port } = blocker.address() as { port: number }
    try {
      const result = await call('setPortalServer', { enabled: true, port })
      expect(result).toMatchObject({ ok: true, value: { running: false, error: `Port ${port} is already used by another program. Choose another port.` } })
      expect(await call('getPortalServer', {})).toMatchObject({ ok: true })
    } finally {
      await new Promise((resolve) => blocker.close(resolve))
    }
  })

  test('a port outside 1024–65535 is refused with a message for the Port field', async () => {
    expect(await call('setPortalServer', { enabled: true, port: 80 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ field: 'port', message: 'Use a port from 1024 to 65535.' }] },
    })
  })
})
