import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { exportClients } from '../../db/export/export-clients'
import { putSetting } from '../../db/repositories/settings.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { ChannelName } from '../../shared/channels'
import type { ChannelInput, ChannelOutput } from '../../shared/contract'
import type { Result } from '../../shared/errors'
import { DIALECTS } from '../support/dialects'
import { tempDatabase, testContext } from '../support/temp-db'

/**
 * Issue 13: a client's phone is stored in one format (E.164) for the practice's country, shown in
 * that country's national format (others internationally), and found however it is typed.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let t: Awaited<ReturnType<typeof tempDatabase>>
  beforeEach(async () => {
    t = await tempDatabase({ dialect })
    await putSetting(t.db, 'practice.country', 'US')
  })
  afterEach(async () => t.close())

  const call = <K extends ChannelName>(channel: K, input: ChannelInput<K>) =>
    dispatch(handlers, testContext(t.db), channel, input, { trusted: true }, () => {}) as Promise<Result<ChannelOutput<K>>>
  async function ok<K extends ChannelName>(channel: K, input: ChannelInput<K>): Promise<ChannelOutput<K>> {
    const result = await call(channel, input)
    if (!result.ok) throw new Error(`${channel}: ${result.error.code} ${result.error.message}`)
    return result.value
  }
  const client = (firstName: string, phone: string) => ({ firstName, lastName: 'Phone', preferredName: '', dateOfBirth: '1990-04-05', email: '', phone })
  const storedPhone = async (id: number) =>
    t.db.selectFrom('clients').select(['phone', 'phone_digits', 'phone_tail']).where('id', '=', id).executeTakeFirstOrThrow()
  const found = async (query: string) => (await ok('listClients', { query })).items.map((c) => c.firstName)

  test('a phone typed any way is stored as E.164 with its digits, and shown in the national format', async () => {
    const saved = await ok('createClient', { client: client('Ava', '202.555.0143') })
    expect(saved.phone).toBe('(202) 555-0143')
    expect(await storedPhone(saved.id)).toEqual({ phone: '+12025550143', phone_digits: '12025550143', phone_tail: '5550143' })
    expect((await ok('listClients', { query: 'ava' })).items[0]!.phone).toBe('(202) 555-0143')
    expect((await ok('getClient', { clientId: saved.id })).phone).toBe('(202) 555-0143')
  })

  test('a number from abroad is shown internationally; the same stored number is national once the practice is there', async () => {
    const saved = await ok('createClient', { client: client('Bo', '+44 20 7946 0958') })
    expect(saved.phone).toBe('+44 20 7946 0958')
    await putSetting(t.db, 'practice.country', 'GB')
    expect((await ok('getClient', { clientId: saved.id })).phone).toBe('020 7946 0958')
  })

  test('a number that can’t be read for the practice’s country is refused beside the Phone field, asking for its country code', async () => {
    const result = await call('createClient', { client: client('Cy', '(555) 236-4843') })
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: 'Some details need attention before this can be saved.',
        fields: [{ field: 'phone', message: 'This isn’t a phone number we can read for the United States. Check the digits, or type it with its country code, for example +44 20 7946 0958.' }],
      },
    })
    expect(await found('cy')).toEqual([])
  })

  test('editing without touching the phone changes nothing about it; retyping it another way is no change either', async () => {
    const saved = await ok('createClient', { client: client('Di', '(202) 555-0144') })
    const edited = await ok('updateClient', { clientId: saved.id, client: client('Di', '+1 202 555 0144') })
    expect(edited.phone).toBe('(202) 555-0144')
    expect(edited.updatedAt).toBe(saved.updatedAt)
  })

  test('a number kept as it was by the update doesn’t stop its client’s other details being edited; a new unreadable one is refused', async () => {
    const saved = await ok('createClient', { client: client('Ed', '') })
    await t.db.updateTable('clients').set({ phone: '(555) 236-4843', phone_digits: '5552364843', phone_tail: '2364843' }).where('id', '=', saved.id).execute()
    const shown = await ok('getClient', { clientId: saved.id })
    expect(shown.phone).toBe('(555) 236-4843')
    const edited = await ok('updateClient', { clientId: saved.id, client: { ...client('Ed', shown.phone!), email: 'ed@example.org' } })
    expect(edited).toMatchObject({ email: 'ed@example.org', phone: '(555) 236-4843' })
    const refused = await call('updateClient', { clientId: saved.id, client: { ...client('Ed', '(555) 236-4844'), email: 'ed@example.org' } })
    expect(refused.ok ? null : refused.error.fields?.map((f) => f.field)).toEqual(['phone'])
    expect(await storedPhone(saved.id)).toEqual({ phone: '(555) 236-4843', phone_digits: '5552364843', phone_tail: '2364843' })
  })

  test('every way of typing a number finds its client', async () => {
    await ok('createClient', { client: client('Ava', '(202) 555-0143') })
    await ok('createClient', { client: client('Bo', '(415) 236-4843') })
    for (const typed of ['(202) 555-0143', '202-555-0143', '+1 202 555 0143', '2025550143', '555-0143', '202 555', '1 202 555 0143']) {
      expect(await found(typed), typed).toEqual(['Ava'])
    }
    for (const typed of ['(415) 236-4843', '415-236-4843', '+1 415 236 4843', '4152364843', '236-4843']) {
      expect(await found(typed), typed).toEqual(['Bo'])
    }
    expect(await found('ava 202-555')).toEqual(['Ava'])
  })

  test('the export writes each phone as the desk shows it', async () => {
    await ok('createClient', { client: client('Ava', '2025550143') })
    await ok('createClient', { client: client('Bo', '+44 20 7946 0958') })
    let csv = ''
    await exportClients(t.db, (chunk) => void (csv += chunk), { actor: { type: 'system', name: 'export', workstation: 'test' } })
    expect(csv).toContain(',(202) 555-0143,')
    expect(csv).toContain(",'+44 20 7946 0958,")
  })
})
