import { mkdirSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { practiceIdentity } from '../../db/repositories/practice-identity'
import { putSetting } from '../../db/repositories/settings.repository'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { createPortalServer } from '../../electron/main/portal/server'
import { DIALECTS } from '../support/dialects'
import { portalHarness } from '../support/portal-harness'
import { tempDatabase, testContext } from '../support/temp-db'

/**
 * Issue 13: the desk's "is the portal answering" check took any answer, so a portal serving another
 * practice's database on the same address passed it. The portal now says which practice it serves.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let other: Awaited<ReturnType<typeof portalHarness>>
  let ours: Awaited<ReturnType<typeof tempDatabase>>
  let ownPortal: Awaited<ReturnType<typeof createPortalServer>> | null = null
  beforeEach(async () => {
    other = await portalHarness({ dialect })
    ours = await tempDatabase({ dialect, demo: true })
  })
  afterEach(async () => {
    await ownPortal?.close()
    ownPortal = null
    await other.close()
    await ours.close()
  })

  async function sendInvite(): Promise<{ portalUrl: string; portalAnswering: boolean }> {
    const ctx = testContext(ours.db)
    const ava = await ours.db.selectFrom('clients').select('id').where('first_name', '=', 'Ava').executeTakeFirstOrThrow()
    const result = await dispatch(handlers, ctx, 'sendPortalInvite', { clientId: ava.id }, { trusted: true }, () => {})
    if (!result.ok) throw new Error(result.error.message)
    return result.value as { portalUrl: string; portalAnswering: boolean }
  }

  test('another practice’s portal on the invite’s address doesn’t count as this practice’s portal answering; its own does', async () => {
    // Each practice has done something at its desk, so each has its first audit event.
    await other.desk('setPortalAccess', { clientId: await other.clientId('joe fake'), enabled: true })
    await putSetting(ours.db, 'portal.publicUrl', other.base)
    expect(await sendInvite()).toMatchObject({ portalUrl: new URL('/activate', other.base).href, portalAnswering: false })

    const answer = (await (await fetch(new URL('/api/practice', other.base))).json()) as { value: { practice: string } }
    expect(answer.value.practice).toBe(await practiceIdentity(other.db))
    expect(answer.value.practice).toMatch(/^[\w-]{22}$/)
    expect(answer.value.practice).not.toBe(await practiceIdentity(ours.db))

    const rendererDir = join(ours.dir, 'renderer')
    mkdirSync(join(rendererDir, 'assets'), { recursive: true })
    writeFileSync(join(rendererDir, 'portal.html'), '<!doctype html><title>Client portal</title>')
    ownPortal = await createPortalServer({ db: ours.db, now: () => new Date(), rendererDir, log: () => {} })
    await ownPortal.listen({ host: '127.0.0.1', port: 0 })
    const { port } = ownPortal.server.address() as AddressInfo
    await putSetting(ours.db, 'portal.publicUrl', `http://127.0.0.1:${port}`)
    expect(await sendInvite()).toMatchObject({ portalAnswering: true })
  })
})
