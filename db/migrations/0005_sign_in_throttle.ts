import type { Kysely } from 'kysely'

/**
 * Frozen in time: per-account sign-in throttling. Accounts get the time their next attempt is
 * allowed and their last failure; usernames that match no account get a table of their own, keyed
 * only by a keyed hash of the username (never the typed text). A portal session can carry a
 * username change in progress, which the live "is this username free?" check needs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const table of ['portal_accounts', 'staff_accounts']) {
    await db.schema.alterTable(table).addColumn('next_attempt_at', 'text').execute()
    await db.schema.alterTable(table).addColumn('last_failed_at', 'text').execute()
  }

  await db.schema
    .createTable('sign_in_throttles')
    .addColumn('key_hash', 'text', (c) => c.primaryKey())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_failed_at', 'text')
    .addColumn('forget_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sign_in_throttles_forget_idx').on('sign_in_throttles').column('forget_at').execute()

  await db.schema.alterTable('portal_sessions').addColumn('username_change_until', 'text').execute()
}
