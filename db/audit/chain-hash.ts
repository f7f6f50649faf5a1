import { createHash } from 'node:crypto'
import type { ChainKey } from './chain-key'

/** The fields an audit event's hash covers, in order, after the previous event's hash. */
export interface ChainedFields {
  occurred_at: string
  actor_type: string
  actor_name: string
  actor_staff_id: number | null
  workstation: string | null
  action: string
  client_id: number | null
  outcome: string
  detail: string | null
}

const fieldsOf = (row: ChainedFields) => [row.occurred_at, row.actor_type, row.actor_name, row.actor_staff_id ?? null, row.workstation, row.action, row.client_id, row.outcome, row.detail]

/**
 * The public formula of events recorded before the chain was keyed: sha-256 over the previous hash
 * and the event's fields. Anyone can recompute it, so it proves order and contents, not authorship.
 */
export function unkeyedChainHash(prev: string, row: ChainedFields): string {
  return createHash('sha256').update(JSON.stringify([prev, ...fieldsOf(row)])).digest('hex')
}

/**
 * A keyed event's hash: HMAC-SHA-256 with the practice's key over the event's id, the previous
 * hash and its fields. Without the key nobody can write an event (or rewrite one) that verifies.
 */
export function keyedChainHash(key: ChainKey, id: number, prev: string, row: ChainedFields): string {
  return key.mac(JSON.stringify(['portico-audit-chain/2', id, prev, ...fieldsOf(row)]))
}
