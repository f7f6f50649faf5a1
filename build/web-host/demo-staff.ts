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

export const DEMO_ADMIN = 'demo.admin'
export const DEMO_ADMIN_NAME = 'Demo Admin'

/** A demo user's new password and its hash, begun at once: hashing takes most of a start-up, and the two users' hashes can run side by side. */
export interface DemoSecret {
  password: string
  hash: Promise<string>
}

/** A new random password for a demo user (the front desk's, or the admin's), already being hashed. */
export function newDemoSecret(role: 'front_desk' | 'admin'): DemoSecret {
  const password = `${role === 'admin' ? 'admin' : 'desk'}-${randomBytes(9).toString('base64url')}`
  const hash = hashPassword(password)
  // Awaited by whoever uses it; a secret never used must not fail the process.
  hash.catch(() => undefined)
  return { password, hash }
}

/**
 * One of the browser host's demo users (the front desk, and an admin so Settings can be reached).
 * It gets a new random password at every start (the host is a development and test tool), printed
 * once; the host signs nobody in by itself.
 */
async function prepareDemoUser(db: Kysely<Database>, workstation: string, who: { username: string; displayName: string; role: 'front_desk' | 'admin' }, secret: DemoSecret): Promise<{ username: string; password: string }> {
  const existing = await findStaffByUsernameKey(db, usernameKey(who.username))
  const { password } = secret
  const at = new Date().toISOString()
  const passwordHash = await secret.hash
  if (existing) {
    await setStaffPasswordHash(db, existing.id, passwordHash, at)
  } else {
    await insertStaff(db, { username: who.username, usernameKey: usernameKey(who.username), displayName: who.displayName, role: who.role, passwordHash, now: at })
  }
  await appendAudit(db, { actor: { type: 'system', name: 'browser host', workstation }, at, action: 'staff.password.set', clientId: null, outcome: 'success', detail: { demo: true } })
  return { username: who.username, password }
}

/** The demo front-desk user's sign-in (made on a new practice, which is named then). */
export async function prepareDemoFrontDesk(db: Kysely<Database>, workstation: string, secret = newDemoSecret('front_desk')): Promise<{ username: string; password: string }> {
  const isNew = !(await findStaffByUsernameKey(db, usernameKey(DEMO_FRONT_DESK)))
  const signIn = await prepareDemoUser(db, workstation, { username: DEMO_FRONT_DESK, displayName: DEMO_FRONT_DESK_NAME, role: 'front_desk' }, secret)
  if (isNew) await putSetting(db, 'practice.name', 'Demo Practice')
  return signIn
}

/** The demo admin's sign-in, so Settings can be reached in the browser host. */
export function prepareDemoAdmin(db: Kysely<Database>, workstation: string, secret = newDemoSecret('admin')): Promise<{ username: string; password: string }> {
  return prepareDemoUser(db, workstation, { username: DEMO_ADMIN, displayName: DEMO_ADMIN_NAME, role: 'admin' }, secret)
}
