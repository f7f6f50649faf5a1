import type { Kysely } from 'kysely'

/**
 * Frozen in time: on a practice server, the server tells every desk when staff accounts change
 * (postgres/0008_change_notices.ts), so a desk need not ask before every call. A file has nothing to tell: a desk reads its own file in process, where asking costs microseconds.
 * The step is here, empty, so both engines know the same list of steps.
 */
export async function up(_db: Kysely<any>): Promise<void> {}
