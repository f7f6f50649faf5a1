import type { Migration } from 'kysely'
import * as m0001 from './0001_initial'
import * as m0002 from './0002_portal_sign_in'
import * as m0003 from './0003_staff_and_audit_chain'
import * as m0004 from './0004_search_indexes'
import * as m0005 from './0005_sign_in_throttle'
import * as m0006 from './0006_keyed_audit_chain'

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
}
