import { afterEach, describe, expect, test, vi } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { UPDATE_SETTINGS_KEY, readUpdateSettings } from '../../electron/main/updates/update-settings.store'
import { TEST_ADMIN, tempDatabase, testContext } from '../support/temp-db'

const trusted = { trusted: true }
const open: Awaited<ReturnType<typeof tempDatabase>>[] = []
afterEach(async () => {
  for (const t of open.splice(0)) await t.close()
})
async function desk() {
  const t = await tempDatabase()
  open.push(t)
  const settingsChanged = vi.fn(async () => undefined)
  const ctx = { ...testContext(t.db), updates: { settingsChanged } }
  return { t, ctx, settingsChanged }
}

describe('Settings → Updates, on a real database', () => {
  test('updates are off until an admin turns them on', async () => {
    const { ctx } = await desk()
    expect(await dispatch(handlers, ctx, 'getUpdateSettings', {}, trusted)).toEqual({ ok: true, value: { enabled: false, feed: null } })
  })

  test('an admin saves a feed: it is stored, audited by kind (not address), and the updater is told', async () => {
    const { t, ctx, settingsChanged } = await desk()
    const settings = { enabled: true, feed: { type: 'generic', url: 'https://updates.example.org/portico/' } }
    expect(await dispatch(handlers, ctx, 'setUpdateSettings', { settings }, trusted)).toEqual({ ok: true, value: settings })
    expect(await dispatch(handlers, ctx, 'getUpdateSettings', {}, trusted)).toEqual({ ok: true, value: settings })
    expect(settingsChanged).toHaveBeenCalledTimes(1)
    const events = await t.db.selectFrom('audit_events').select(['action', 'outcome', 'actor_name', 'detail']).where('action', '=', 'settings.updates').execute()
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ outcome: 'success', actor_name: TEST_ADMIN.displayName })
    expect(events[0]!.detail).not.toContain('example.org')

    const github = { enabled: true, feed: { type: 'github', owner: 'my-practice', repo: 'portico' } }
    expect(await dispatch(handlers, ctx, 'setUpdateSettings', { settings: github }, trusted)).toMatchObject({ ok: true })
    expect(await readUpdateSettings(t.db)).toEqual(github)
  })

  test.each([
    ['an http feed', { enabled: true, feed: { type: 'generic', url: 'http://updates.example.org/' } }],
    ['a file: feed', { enabled: true, feed: { type: 'generic', url: 'file:///srv/updates' } }],
    ['credentials in the feed', { enabled: true, feed: { type: 'generic', url: 'https://user:pw@updates.example.org/' } }],
    ['an address without https:// (it does not even parse)', { enabled: true, feed: { type: 'generic', url: 'updates.example.com' } }],
    ['a bare https://', { enabled: true, feed: { type: 'generic', url: 'https://' } }],
    ['a token in the query string', { enabled: true, feed: { type: 'generic', url: 'https://updates.example.org/?token=abc' } }],
    ['on without a feed', { enabled: true, feed: null }],
    ['a GitHub owner with a slash', { enabled: true, feed: { type: 'github', owner: 'a/b', repo: 'portico' } }],
    ['an unknown feed type', { enabled: true, feed: { type: 's3', bucket: 'x' } }],
    ['an extra key', { enabled: false, feed: null, channel: 'beta' }],
  ])('%s is refused in main, and nothing is saved', async (_what, settings) => {
    const { t, ctx, settingsChanged } = await desk()
    const result = await dispatch(handlers, ctx, 'setUpdateSettings', { settings }, trusted)
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await t.db.selectFrom('settings').select('key').where('key', '=', UPDATE_SETTINGS_KEY).execute()).toEqual([])
    expect(settingsChanged).not.toHaveBeenCalled()
  })

  test('front-desk staff can neither read nor change it', async () => {
    const t = await tempDatabase()
    open.push(t)
    await t.db.updateTable('staff_accounts').set({ role: 'front_desk' }).execute()
    const ctx = testContext(t.db)
    expect(await dispatch(handlers, ctx, 'getUpdateSettings', {}, trusted)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    expect(await dispatch(handlers, ctx, 'setUpdateSettings', { settings: { enabled: false, feed: null } }, trusted)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('a stored value that no longer parses counts as off', async () => {
    const { t } = await desk()
    await t.db.insertInto('settings').values({ key: UPDATE_SETTINGS_KEY, value: '{"enabled":true,"feed":{"type":"generic","url":"http://x"}}' }).execute()
    expect(await readUpdateSettings(t.db)).toEqual({ enabled: false, feed: null })
    await t.db.updateTable('settings').set({ value: 'not json' }).where('key', '=', UPDATE_SETTINGS_KEY).execute()
    expect(await readUpdateSettings(t.db)).toEqual({ enabled: false, feed: null })
  })
})
