import type { StaffIdentity, StaffMember, StaffRole } from '../../shared/dto'
import type { StaffAccountRow } from '../schema'
import type { Db } from './clients.repository'
import { THROTTLE_CLEARED } from './sign-in-throttles.repository'
import { readUntilChanged } from './until-changed'

/** The one place a staff row becomes a DTO. The password hash never leaves db/ and main. */
export function staffRowToMember(row: StaffAccountRow, now: Date): StaffMember {
  return {
    ...staffRowToIdentity(row),
    active: row.active === 1,
    lastSignInAt: row.last_sign_in_at,
    lockedUntil: row.locked_until && new Date(row.locked_until) > now ? row.locked_until : null,
  }
}

export function staffRowToIdentity(row: StaffAccountRow): StaffIdentity {
  return { id: row.id, username: row.username, displayName: row.display_name, role: row.role }
}

export async function countStaff(db: Db): Promise<number> {
  const { n } = await db.selectFrom('staff_accounts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(n)
}

export async function countActiveAdmins(db: Db, exceptId?: number): Promise<number> {
  let q = db.selectFrom('staff_accounts').select((eb) => eb.fn.countAll<number>().as('n')).where('role', '=', 'admin').where('active', '=', 1)
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId)
  return Number((await q.executeTakeFirstOrThrow()).n)
}

export async function listStaffRows(db: Db): Promise<StaffAccountRow[]> {
  return db.selectFrom('staff_accounts').selectAll().orderBy('display_name').orderBy('id').execute()
}

export async function findStaffById(db: Db, id: number): Promise<StaffAccountRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * A staff account as it is now. Where the practice server tells this desk of staff changes, the
 * last read stands until it says something changed (a change at another desk shows here as soon as
 * its notice arrives, moments after the commit); otherwise, and until listening starts, it is read.
 */
export function currentStaffRow(db: Db, id: number): Promise<StaffAccountRow | undefined> {
  return readUntilChanged(db, 'staff', String(id), () => findStaffById(db, id))
}

export async function findStaffByUsernameKey(db: Db, key: string): Promise<StaffAccountRow | undefined> {
  return db.selectFrom('staff_accounts').selectAll().where('username_key', '=', key).executeTakeFirst()
}

export async function insertStaff(
  db: Db,
  staff: { username: string; usernameKey: string; displayName: string; role: StaffRole; passwordHash: string; now: string },
): Promise<number> {
  const { id } = await db
    .insertInto('staff_accounts')
    .values({
      username: staff.username,
      username_key: staff.usernameKey,
      display_name: staff.displayName,
      role: staff.role,
      password_hash: staff.passwordHash,
      created_at: staff.now,
      updated_at: staff.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return id
}

export async function updateStaffRow(db: Db, id: number, set: { displayName: string; role: StaffRole; active: boolean }, now: string) {
  await db
    .updateTable('staff_accounts')
    .set({ display_name: set.displayName, role: set.role, active: set.active ? 1 : 0, updated_at: now })
    .where('id', '=', id)
    .execute()
}

export async function setStaffPasswordHash(db: Db, id: number, passwordHash: string, now: string) {
  await db
    .updateTable('staff_accounts')
    .set({ password_hash: passwordHash, ...THROTTLE_CLEARED, updated_at: now })
    .where('id', '=', id)
    .execute()
}


export async function recordStaffSignIn(db: Db, id: number, now: string) {
  await db
    .updateTable('staff_accounts')
    .set({ ...THROTTLE_CLEARED, last_sign_in_at: now, updated_at: now })
    .where('id', '=', id)
    .execute()
}
