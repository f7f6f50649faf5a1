import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'

/**
 * The database as Kysely sees it today. Migrations do not import this: they are written against
 * `Kysely<any>` and stay as they were when they shipped.
 *
 * Timestamps are ISO-8601 UTC text; booleans are 0/1 integers (see `sqlBool`).
 */
export interface ClientsTable {
  id: Generated<number>
  first_name: string
  last_name: string
  preferred_name: string | null
  date_of_birth: string
  email: string | null
  phone: string | null
  /** The phone's digits, and its last seven, kept for indexed prefix search. */
  phone_digits: string | null
  phone_tail: string | null
  status: 'active' | 'inactive'
  created_at: string
  updated_at: string
}

export interface PortalAccountsTable {
  client_id: number
  username: string | null
  username_key: string | null
  password_hash: string | null
  access_enabled: number
  invited_at: string | null
  activated_at: string | null
  last_sign_in_at: string | null
  failed_attempts: Generated<number>
  locked_until: string | null
  /** Per-account throttling: no attempt before this time (a growing delay after each failure). */
  next_attempt_at: string | null
  last_failed_at: string | null
  created_at: string
  updated_at: string
}

export interface PortalInvitesTable {
  id: Generated<number>
  client_id: number
  token_hash: string
  created_at: string
  expires_at: string
  used_at: string | null
  voided_at: string | null
}

export interface AuditEventsTable {
  id: Generated<number>
  occurred_at: string
  actor_type: 'desk' | 'client' | 'system'
  actor_name: string
  workstation: string | null
  action: string
  client_id: number | null
  outcome: 'success' | 'failure' | 'denied'
  detail: string | null
  actor_staff_id: number | null
  /** The previous event's hash ('' for the first) and this event's: a tamper-evident chain. */
  prev_hash: string | null
  hash: string | null
  /** The practice key the hash was made with (its key id); null for events from before the chain was keyed. */
  key_id: string | null
}

export interface StaffAccountsTable {
  id: Generated<number>
  username: string
  username_key: string
  display_name: string
  role: 'admin' | 'front_desk'
  password_hash: string
  active: Generated<number>
  failed_attempts: Generated<number>
  locked_until: string | null
  next_attempt_at: string | null
  last_failed_at: string | null
  last_sign_in_at: string | null
  created_at: string
  updated_at: string
}

/**
 * Throttling for usernames that match no account, so they behave exactly like accounts. Keyed by
 * a keyed hash of the username; a row may be dropped once `forget_at` has passed.
 */
export interface SignInThrottlesTable {
  key_hash: string
  failed_attempts: Generated<number>
  locked_until: string | null
  next_attempt_at: string | null
  last_failed_at: string | null
  forget_at: string
}

export interface PortalPasswordResetsTable {
  id: Generated<number>
  client_id: number
  token_hash: string
  created_at: string
  expires_at: string
  used_at: string | null
  voided_at: string | null
}

export interface PortalSessionsTable {
  id: Generated<number>
  token_hash: string
  client_id: number
  created_at: string
  last_seen_at: string
  expires_at: string
  /** Set when the client opens Edit username; the live username check works only until then. */
  username_change_until: string | null
}

export interface SettingsTable {
  key: string
  value: string
}

/**
 * One row: how many times a client was added, removed or renamed, counted by the database's own
 * triggers at whichever desk did it. A desk's cached list total and positions hold while it stays.
 */
export interface ClientListVersionTable {
  id: number
  version: number
}

/**
 * One row: how many times a client's status or portal account (username, switch, invite, lock)
 * changed, counted by the database's triggers (migration 0010). A desk's cached filter counts and
 * positions hold while it and the list version stay.
 */
export interface ClientStateVersionTable {
  id: number
  version: number
}

/**
 * One row: the filter row's counts that don't depend on the clock, kept by the database's
 * triggers (migration 0011) as rows change, so reading them is one row, not a count of every client.
 * Counts may come back as strings from a server (bigint): read them through Number().
 */
export interface ClientCountsTable {
  id: number
  active: number | string
  inactive: number | string
  /** Accounts with a username and access on, locked or not. */
  accounts_on: number | string
  /** Accounts with no username yet and an invite. */
  invited: number | string
  /** Accounts with access on whose client is inactive. */
  inactive_on: number | string
}

export interface Database {
  clients: ClientsTable
  portal_accounts: PortalAccountsTable
  portal_invites: PortalInvitesTable
  portal_password_resets: PortalPasswordResetsTable
  portal_sessions: PortalSessionsTable
  audit_events: AuditEventsTable
  staff_accounts: StaffAccountsTable
  sign_in_throttles: SignInThrottlesTable
  settings: SettingsTable
  client_list_version: ClientListVersionTable
  client_state_version: ClientStateVersionTable
  client_counts: ClientCountsTable
}

export type ClientRow = Selectable<ClientsTable>
export type NewClientRow = Insertable<ClientsTable>
export type ClientRowUpdate = Updateable<ClientsTable>
export type PortalAccountRow = Selectable<PortalAccountsTable>
export type PortalInviteRow = Selectable<PortalInvitesTable>
export type PortalPasswordResetRow = Selectable<PortalPasswordResetsTable>
export type PortalSessionRow = Selectable<PortalSessionsTable>
export type StaffAccountRow = Selectable<StaffAccountsTable>
export type AuditEventRow = Selectable<AuditEventsTable>
export type NewAuditEventRow = Insertable<AuditEventsTable>

/** Kept for symmetry with a future PostgreSQL dialect, where booleans are native. */
export type SqlBool = ColumnType<number, number, number>
export const sqlBool = (value: boolean): number => (value ? 1 : 0)
