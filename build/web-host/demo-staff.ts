import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { appendAudit } from '../../db/repositories/audit.repository'
import { putSetting } from '../../db/repositories/settings.repository'
import { findStaffByUsernameKey, insertStaff, setStaffPasswordHash } from '../../db/repositories/staff.repository'
import type { Database } from '../../db/schema'
import { hashPassword } from '../../electron/main/services/passwords'
import { usernameKey } from '../../shared/username'

export const DEMO_FRONT_DESK = 'frontdesk'
export const DEMO_FRONT_DESK_NAME = 'Robin Front Desk'

/**
 * The browser host's demo front-desk user. It gets a new random password at every start (the host
 * is a development and test tool), printed once; the host signs nobody in by itself.
 */
export async function prepareDemoFrontDesk(db: Kysely<Database>, workstation: string): Promise<{ username: string; password: string } | null> {
  const existing = await findStaffByUsernameKey(db, usernameKey(DEMO_FRONT_DESK))
  const password = `desk-${randomBytes(9).toString('base64url')}`
  const at = new Date().toISOString()
  const passwordHash = await hashPassword(password)
  if (existing) {
    await setStaffPasswordHash(db, existing.id, passwordHash, at)
  } else {
    await insertStaff(db, { username: DEMO_FRONT_DESK, usernameKey: usernameKey(DEMO_FRONT_DESK), displayName: DEMO_FRONT_DESK_NAME, role: 'front_desk', passwordHash, now: at })
    await putSetting(db, 'practice.name', 'Demo Practice')
  }
  await appendAudit(db, { actor: { type: 'system', name: 'browser host', workstation }, at, action: 'staff.password.set', clientId: null, outcome: 'success', detail: { demo: true } })
  return { username: DEMO_FRONT_DESK, password }
}
