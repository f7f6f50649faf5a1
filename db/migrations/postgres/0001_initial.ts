import { type Kysely, sql } from 'kysely'

/**
 * Frozen in time: the first schema, as PostgreSQL holds it. Same tables and columns as SQLite's
 * 0001; ids are identity columns (Kysely's autoIncrement() would compile to MySQL's), and the
 * append-only guard is a plpgsql trigger function. Truncation, which skips row triggers, is
 * refused too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('preferred_name', 'text')
    .addColumn('date_of_birth', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active').check(sql`status in ('active', 'inactive')`))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('portal_accounts')
    .addColumn('client_id', 'integer', (c) => c.primaryKey().references('clients.id').onDelete('restrict'))
    .addColumn('username', 'text')
    .addColumn('username_key', 'text', (c) => c.unique())
    .addColumn('password_hash', 'text')
    .addColumn('access_enabled', 'integer', (c) => c.notNull().defaultTo(0).check(sql`access_enabled in (0, 1)`))
    .addColumn('invited_at', 'text')
    .addColumn('activated_at', 'text')
    .addColumn('last_sign_in_at', 'text')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addCheckConstraint('portal_accounts_username_pair', sql`(username is null) = (username_key is null)`)
    .execute()

  await db.schema
    .createTable('portal_invites')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id').onDelete('restrict'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('voided_at', 'text')
    .execute()
  await db.schema.createIndex('portal_invites_client_idx').on('portal_invites').columns(['client_id', 'created_at']).execute()

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull().check(sql`actor_type in ('desk', 'client', 'system')`))
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('workstation', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('client_id', 'integer', (c) => c.references('clients.id').onDelete('restrict'))
    .addColumn('outcome', 'text', (c) => c.notNull().check(sql`outcome in ('success', 'failure', 'denied')`))
    .addColumn('detail', 'text')
    .execute()
  await db.schema.createIndex('audit_events_client_idx').on('audit_events').columns(['client_id', 'occurred_at']).execute()
  // Append-only: the audit trail is evidence, so the database itself refuses edits and deletions.
  await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit events are append-only'; end $$`.execute(db)
  await sql`create trigger audit_events_no_update before update on audit_events
    for each row execute function audit_events_append_only()`.execute(db)
  await sql`create trigger audit_events_no_delete before delete on audit_events
    for each row execute function audit_events_append_only()`.execute(db)
  await sql`create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_append_only()`.execute(db)

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute()
}
