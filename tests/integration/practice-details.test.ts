import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { getSetting } from '../../db/repositories/settings.repository'
import type { HandlerContext } from '../../electron/main/context'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createPortalServerControl } from '../../electron/main/portal/portal-server-control'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'
import { freePort } from '../support/free-port'

const HARBOUR = { name: 'Harbour Physio', phone: '+64 9 555 0142', country: 'NZ', publicUrl: 'https://portal.harbourphysio.example' }

describe.each(DIALECTS)('Settings → Practice on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  let ctx: HandlerContext
  beforeEach(async () => {
    t = await tempDatabase({ dialect, demo: true })
    ctx = testContext(t.db)
  })
  afterEach(async () => {
    await ctx.portalServer.stop()
    await t.close()
  })

  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) =>
    dispatch(handlers, ctx, channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
  /** The message main gives for each field of a refused save. */
  async function refusedFields(details: Partial<typeof HARBOUR>): Promise<Record<string, string>> {
    const result = await call('updatePracticeDetails', { details: { ...HARBOUR, ...details } })
    if (result.ok) throw new Error('The save went through.')
    expect(result.error.code).toBe('INVALID_INPUT')
    return Object.fromEntries((result.error.fields ?? []).map((f) => [f.field, f.message]))
  }
  const lastAudit = () => t.db.selectFrom('audit_events').select(['action', 'outcome', 'detail', 'actor_name']).orderBy('id', 'desc').executeTakeFirstOrThrow()

  test('an admin saves the practice’s name, phone, country and public address; every desk reads them from the database', async () => {
    expect(await call('getPracticeDetails', {})).toMatchObject({ ok: true, value: { phone: '', country: '', publicUrl: '' } })
    expect(await call('updatePracticeDetails', { details: { ...HARBOUR, name: ' Harbour Physio ', publicUrl: 'https://portal.harbourphysio.example/' } })).toEqual({ ok: true, value: HARBOUR })
    expect(await call('getPracticeDetails', {})).toEqual({ ok: true, value: HARBOUR })
    expect(await getSetting(t.db, 'portal.publicUrl')).toBe(HARBOUR.publicUrl)
  })

  test('the change is audited with which details changed, never what they say', async () => {
    await call('updatePracticeDetails', { details: HARBOUR })
    const event = await lastAudit()
    expect(event).toMatchObject({ action: 'settings.practice', outcome: 'success', actor_name: 'Tess Admin' })
    expect(JSON.parse(event.detail ?? '{}')).toEqual({ changed: expect.arrayContaining(['name', 'phone', 'country', 'publicUrl']) })
    expect(event.detail).not.toContain('555')
    expect(event.detail).not.toContain('harbourphysio')
  })

  test('each field that is wrong gets its own plain message, and nothing is saved', async () => {
    expect(await refusedFields({ name: '  ', phone: 'call us', country: 'XX', publicUrl: 'portal.example.org' })).toEqual({
      'details.name': 'Enter the practice’s name, as clients know it.',
      'details.phone': 'Give a phone number with digits, spaces and + ( ) - only.',
      'details.country': 'Choose the practice’s country from the list.',
      'details.publicUrl': 'Give the full address clients open, starting with https:// (or http://), for example https://portal.example.org.',
    })
    expect(await refusedFields({ publicUrl: 'ftp://portal.example.org' })).toHaveProperty('details.publicUrl', expect.stringContaining('starting with https://'))
    expect(await refusedFields({ publicUrl: 'https://admin:secret@portal.example.org' })).toEqual({ 'details.publicUrl': 'The address must not contain a user name or password.' })
    expect(await refusedFields({ publicUrl: 'https://portal.example.org/?code=ABCD' })).toEqual({ 'details.publicUrl': 'Give the address without anything after ? or #.' })
    expect(await refusedFields({ publicUrl: 'https://portal.example.org/activate' })).toHaveProperty('details.publicUrl', expect.stringContaining('without a page after it'))
    expect(await refusedFields({ publicUrl: 'http://127.0.0.1:5181' })).toHaveProperty('details.publicUrl', expect.stringContaining('only works on this computer'))
    expect(await refusedFields({ country: 'nz' })).toHaveProperty('details.country')
    expect(await refusedFields({ phone: '+1' })).toEqual({ 'details.phone': 'A phone number needs at least 3 digits.' })
    expect(await getSetting(t.db, 'practice.phone')).toBe('')
    expect(await getSetting(t.db, 'portal.publicUrl')).toBe('http://127.0.0.1:5181')
  })

  test('only admins may read or change the practice’s details', async () => {
    const robin = await call('createStaff', { staff: { username: 'robin', displayName: 'Robin Tane', role: 'front_desk', password: 'totara-lantern-pebble-7' } })
    if (!robin.ok) throw new Error(robin.error.message)
    ctx = testContext(t.db, () => new Date(), { id: robin.value.id, username: 'robin', displayName: 'Robin Tane', role: 'front_desk' })
    expect(await call('getPracticeDetails', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await call('updatePracticeDetails', { details: HARBOUR })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await getSetting(t.db, 'practice.phone')).toBe('')
  })

  test('an invite carries the practice’s details for the handout; the default loopback address counts as not set', async () => {
    const list = await call('listClients', { query: 'ava nguyen' })
    if (!list.ok) throw new Error(list.error.message)
    const clientId = list.value.items[0]!.id
    const before = await call('sendPortalInvite', { clientId })
    expect(before).toMatchObject({ ok: true, value: { practice: { address: null } } })

    await call('updatePracticeDetails', { details: HARBOUR })
    const after = await call('sendPortalInvite', { clientId })
    expect(after).toMatchObject({ ok: true, value: { practice: { name: HARBOUR.name, phone: HARBOUR.phone, address: HARBOUR.publicUrl }, portalUrl: `${HARBOUR.publicUrl}/activate` } })
  })

  test('an empty public address clears it: handouts then ask the client to get the link from the practice', async () => {
    await call('updatePracticeDetails', { details: HARBOUR })
    expect(await call('updatePracticeDetails', { details: { ...HARBOUR, publicUrl: '' } })).toEqual({ ok: true, value: { ...HARBOUR, publicUrl: '' } })
    expect(await getSetting(t.db, 'portal.publicUrl')).toBe('http://127.0.0.1:5181')
  })
})


describe('the public address an admin set', () => {
  test('stays when this desk’s portal starts (it no longer becomes the address the desk listens on)', async () => {
    const t = await tempDatabase({ demo: true })
    const rendererDir = join(t.dir, 'renderer')
    mkdirSync(rendererDir, { recursive: true })
    writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
    const now = () => new Date()
    const ctx = { ...testContext(t.db, now), portalServer: createPortalServerControl({ db: t.db, now, rendererDir, host: '127.0.0.1', deskDir: t.dir }) }
    try {
      const call = (channel: ChannelName, input: unknown) => dispatch(handlers, ctx, channel, input, { trusted: true }, () => {})
      expect(await call('updatePracticeDetails', { details: HARBOUR })).toMatchObject({ ok: true })
      expect(await call('setPortalServer', { enabled: true, port: await freePort() })).toMatchObject({ ok: true, value: { running: true } })
      expect(await getSetting(t.db, 'portal.publicUrl')).toBe(HARBOUR.publicUrl)
    } finally {
      await ctx.portalServer.stop()
      await t.close()
    }
  })
})
