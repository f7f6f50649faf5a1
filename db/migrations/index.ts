import type { Migration } from 'kysely'
import type { Engine } from '../dialect/dialect'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_portal_sign_in'
import * as m0003 from './0003_staff_and_audit_chain'
import * as m0004 from './0004_search_indexes'
import * as m0005 from './0005_sign_in_throttle'
import * as m0006 from './0006_keyed_audit_chain'
import * as m0007 from './0007_client_list_version'
import * as m0008 from './0008_change_notices'
import * as m0009 from './0009_phones_e164'
import * as m0010 from './0010_client_filters'
import * as m0011 from './0011_client_counts'
import * as pg0001 from './postgres/0001_initial'
import * as pg0002 from './postgres/0002_portal_sign_in'
import * as pg0003 from './postgres/0003_staff_and_audit_chain'
import * as pg0004 from './postgres/0004_search_indexes'
import * as pg0006 from './postgres/0006_keyed_audit_chain'
import * as pg0007 from './postgres/0007_client_list_version'
import * as pg0008 from './postgres/0008_change_notices'
import * as pg0009 from './postgres/0009_phones_e164'
import * as pg0010 from './postgres/0010_client_filters'
import * as pg0011 from './postgres/0011_client_counts'

/**
 * Every migration, listed statically so the bundler includes them and nothing scans folders at run
 * time. Forward-only: there are no `down` steps. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_portal_sign_in': m0002,
  '0003_staff_and_audit_chain': m0003,
  '0004_search_indexes': m0004,
  '0005_sign_in_throttle': m0005,
  '0006_keyed_audit_chain': m0006,
  '0007_client_list_version': m0007,
  '0008_change_notices': m0008,
  '0009_phones_e164': m0009,
  '0010_client_filters': m0010,
  '0011_client_counts': m0011,
}

/**
 * The same steps, by the same names, as PostgreSQL holds them: a step whose DDL differs has a
 * file of its own under `postgres/`; one written in plain Kysely (0005) is shared. A new step is
 * added to both lists under one name, so either engine knows a database from a newer Portico.
 */
export const postgresMigrations: Record<string, Migration> = {
  '0001_initial': pg0001,
  '0002_portal_sign_in': pg0002,
  '0003_staff_and_audit_chain': pg0003,
  '0004_search_indexes': pg0004,
  '0005_sign_in_throttle': m0005,
  '0006_keyed_audit_chain': pg0006,
  '0007_client_list_version': pg0007,
  '0008_change_notices': pg0008,
  '0009_phones_e164': pg0009,
  '0010_client_filters': pg0010,
  '0011_client_counts': pg0011,
}

/** The shipped migrations for an engine. */
export function migrationsFor(engine: Engine): Record<string, Migration> {
  return engine === 'sqlite' ? migrations : postgresMigrations
}
