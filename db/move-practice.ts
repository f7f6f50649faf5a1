// PLACEHOLDER until the real module is merged from main: same signatures, no behaviour.
import type { Kysely } from 'kysely'
import type { Database } from './schema'

export interface PracticeCounts {
  clients: number
  portalAccounts: number
  invites: number
  passwordResets: number
  portalSessions: number
  staff: number
  settings: number
  auditEvents: number
  signInThrottles: number
}

export async function countPractice(_db: Kysely<Database>): Promise<PracticeCounts> {
  throw new Error('not yet merged')
}

export async function movePracticeToServer(
  _from: Kysely<Database>,
  _toUrl: string,
  _options?: { onProgress?: (done: number, total: number) => void },
): Promise<{ before: PracticeCounts; after: PracticeCounts }> {
  throw new Error('not yet merged')
}
