import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'

/** The chain hash as it was defined when this migration shipped (frozen: never import it). */
function chainHash(prev: string, row: Record<string, unknown>): string {
  const fields = [prev, row['occurred_at'], row['actor_type'], row['actor_name'], row['actor_staff_id'] ?? null, row['workstation'], row['action'], row['client_id'], row['outcome'], row['detail']]
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex')
}

/** Frozen in time: staff accounts, and a hash chain over the audit trail. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_accounts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'front_desk')`))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_sign_in_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema.alterTable('audit_events').addColumn('actor_staff_id', 'integer', (c) => c.references('staff_accounts.id')).execute()
  await db.schema.alterTable('audit_events').addColumn('prev_hash', 'text').execute()
  await db.schema.alterTable('audit_events').addColumn('hash', 'text').execute()

  // Chain the events already recorded; the update trigger is lifted only inside this transaction.
  await sql`drop trigger audit_events_no_update`.execute(db)
  const rows = await db.selectFrom('audit_events').selectAll().orderBy('id').execute()
  let prev = ''
  for (const row of rows) {
    const hash = chainHash(prev, row)
    await db.updateTable('audit_events').set({ prev_hash: prev, hash }).where('id', '=', row.id).execute()
    prev = hash
  }
  await sql`create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit events are append-only'); end`.execute(db)
}
