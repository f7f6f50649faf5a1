import { mkdirSync, writeFileSync } from 'node:fs'
import type { NetworkInterfaceInfo } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { getSetting } from '../../db/repositories/settings.repository'
import { DESK_CONFIG_NAME, DeskConfigStore } from '../../electron/main/desk/desk-config'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'
import { freePort } from '../support/free-port'

const EXE = 'C:\\Users\\front\\AppData\\Local\\Programs\\Portico\\Portico.exe'
const net = (address: string): NetworkInterfaceInfo => ({ address, family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null })

// This computer as a PC with WSL sees it: a virtual adapter listed first (an address nothing
// answers at), then the office network's. 127.0.0.2 stands in for the office address: the portal,
// listening on 0.0.0.0, really answers there. The computer's name is "localhost".
let adapters: Record<string, NetworkInterfaceInfo[]>
const officeAndWsl = () => ({ 'vEthernet (WSL)': [net('172.31.254.1')], Ethernet: [net('127.0.0.2')] })


describe.each(DIALECTS)('Settings → Client portal on the office network (%s)', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let ctx: Parameters<typeof dispatch>[1]
  let rendererDir: string
  const control = () =>
    createPortalServerControl({ db: t.db, now: () => new Date(), rendererDir, host: '0.0.0.0', deskDir: t.dir, interfaces: () => adapters, hostName: () => 'localhost', platform: 'win32', program: EXE })
  const call = (channel: 'getPortalServer' | 'setPortalServer', input: unknown) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})

  beforeEach(async () => {
    adapters = officeAndWsl()
    t = await tempDatabase({ demo: true, dialect })
    rendererDir = join(t.dir, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
    ctx = { ...testContext(t.db, () => new Date()), portalServer: control() }
  })
  afterEach(async () => {
    await ctx.portalServer.stop()
    await t.close()
  })

  test('the first address found is a virtual adapter’s: the desk says the portal does not answer there, and gives the firewall step', async () => {
    const port = await freePort()
    const on = await call('setPortalServer', { enabled: true, port })
    expect(on).toMatchObject({ ok: true, value: { running: true, addresses: [`http://172.31.254.1:${port}`, `http://127.0.0.2:${port}`] } })
    expect((on as { value: { network: unknown } }).value.network).toEqual({
      choices: ['172.31.254.1', '127.0.0.2', 'localhost'],
      chosen: null,
      chosenMissing: false,
      answering: false,
      firewall: {
        advice: expect.stringContaining('Windows Defender Firewall blocks it after a cancelled firewall prompt'),
        command: `netsh advfirewall firewall add rule name="Portico client portal" dir=in action=allow program="${EXE}" enable=yes profile=private,domain`,
      },
    })
  })

  test('the admin chooses the office address: invites use it, it answers, and this computer remembers it (not the shared database)', async () => {
    const port = await freePort()
    await call('setPortalServer', { enabled: true, port })
    const chosen = await call('setPortalServer', { enabled: true, port, address: '127.0.0.2' })
    expect(chosen).toMatchObject({ ok: true, value: { addresses: [`http://127.0.0.2:${port}`, `http://172.31.254.1:${port}`], network: { chosen: '127.0.0.2', chosenMissing: false, answering: true } } })
    expect(await getSetting(t.db, 'portal.publicUrl')).toBe(`http://127.0.0.2:${port}`)
    expect(new DeskConfigStore(join(t.dir, DESK_CONFIG_NAME)).get().portalAddress).toBe('127.0.0.2')
    expect(await t.db.selectFrom('settings').select('key').where('key', 'like', '%address%').execute()).toEqual([])

    // The computer's name works too: the portal answers to it (its Host check lets it through).
    const byName = await call('setPortalServer', { enabled: true, port, address: 'localhost' })
    expect(byName).toMatchObject({ ok: true, value: { addresses: [`http://localhost:${port}`, `http://172.31.254.1:${port}`, `http://127.0.0.2:${port}`], network: { answering: true } } })
    expect(await (await fetch(`http://localhost:${port}/api/practice`)).json()).toMatchObject({ ok: true })
  })

  test('an address that is not this computer’s is refused on its field', async () => {
    const port = await freePort()
    expect(await call('setPortalServer', { enabled: true, port, address: '10.9.9.9' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', fields: [{ field: 'address', message: 'That address is not one of this computer’s. Choose one from the list.' }] },
    })
  })

  test('when the chosen address disappears, the desk warns and invites fall back to an address it has', async () => {
    const port = await freePort()
    await call('setPortalServer', { enabled: true, port, address: '127.0.0.2' })
    await ctx.portalServer.stop()
    // Next start: the office network is gone (a laptop on another network, a VPN down).
    adapters = { 'vEthernet (WSL)': [net('172.31.254.1')] }
    ctx = { ...ctx, portalServer: control() }
    await ctx.portalServer.resume()
    expect(await call('getPortalServer', {})).toMatchObject({ ok: true, value: { addresses: [`http://172.31.254.1:${port}`], network: { chosen: '127.0.0.2', chosenMissing: true } } })
    expect(await getSetting(t.db, 'portal.publicUrl')).toBe(`http://172.31.254.1:${port}`)
  })
})
