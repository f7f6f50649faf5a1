import type { Kysely, KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'
import type { ChainKey } from './chain-key'

/**
 * Writes this database refuses while its audit trail's protection is missing: everything except
 * what lets staff sign in, lock and sign out (and the audit events that record it), so an admin
 * can still sign in and read the warning.
 */
const WRITABLE_WHILE_REFUSED = new Set(['audit_events', 'staff_accounts'])
const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode'])

/** A write refused because the audit trail can't be trusted to record it. */
export class WritesRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WritesRefusedError'
  }
}

function tablesIn(node: unknown, found: string[] = []): string[] {
  if (!node || typeof node !== 'object') return found
  const n = node as { kind?: string; table?: { identifier?: { name?: string } } }
  if (n.kind === 'TableNode' && n.table?.identifier?.name) found.push(n.table.identifier.name)
  else for (const value of Object.values(node)) tablesIn(value, found)
  return found
}

/** The tables a write changes (not those it only reads from). */
function writtenTables(node: OperationNode): string[] {
  const n = node as unknown as Record<string, unknown>
  if (node.kind === 'InsertQueryNode') return tablesIn(n['into'])
  if (node.kind === 'UpdateQueryNode') return tablesIn(n['table'])
  if (node.kind === 'DeleteQueryNode') return tablesIn(n['from'])
  return tablesIn(n['into'])
}

/** An event as the next one is chained to it. */
export interface LastEvent {
  id: number
  /** Null only on events from before the chain (migration 0003). */
  hash: string | null
  keyId: string | null
}

/**
 * The audit chain's state on one open database, carried by its Kysely (and every transaction and
 * connection made from it) as a plugin: the practice's key that new events are keyed with, the
 * refusal to write when the trail's protection is missing, and who to tell when events are
 * appended (the head recorder). It changes no query.
 */
export class AuditChainSeal implements KyselyPlugin {
  /** The practice's key; null until the trail is opened with it (or on a never-keyed test database). */
  key: ChainKey | null = null
  /** Why writes are refused, in plain words; null when they aren't. */
  refusal: string | null = null
  /**
   * Why every write, audit events included, is held back for a moment (the practice is being
   * copied to a server: nothing may land in this database after the copy); null when none is.
   */
  held: string | null = null
  /**
   * The last event this database appended, maybe not committed (or rolled back since): a guess
   * that saves reading the chain's last event, which an append checks in the same statement.
   */
  head: LastEvent | null = null
  readonly #listeners = new Set<() => void>()

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.held && WRITES.has(args.node.kind)) throw new WritesRefusedError(this.held)
    if (this.refusal && WRITES.has(args.node.kind) && writtenTables(args.node).some((t) => !WRITABLE_WHILE_REFUSED.has(t))) {
      throw new WritesRefusedError(this.refusal)
    }
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }

  /** Called after an event is appended (maybe not yet committed: listeners read the head later). */
  appended(): void {
    for (const listener of this.#listeners) listener()
  }

  onAppended(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}

/** The seal carried by a Kysely made by `createKysely`, or null for any other. */
export function chainSealOf(db: Pick<Kysely<never>, 'getExecutor'>): AuditChainSeal | null {
  return (db.getExecutor().plugins.find((p) => p instanceof AuditChainSeal) as AuditChainSeal | undefined) ?? null
}
