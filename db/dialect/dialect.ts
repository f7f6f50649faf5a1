import type { Expression, Kysely, KyselyPlugin, Transaction, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RawBuilder, RootOperationNode, UnknownRow } from 'kysely'
import type { Database } from '../schema'
import type { ChangeNotices, NoticeTopic } from './change-notices'

/** The engines Portico keeps a practice in: a file at one desk, or a shared server. */
export type Engine = 'sqlite' | 'postgres'

/**
 * Everything that differs between the engines, in one place. Repositories ask for a fragment
 * here; they never test which engine they run on. Nothing outside `db/` sees this.
 */
export interface PorticoDialect {
  readonly engine: Engine
  /** A text column as a case-insensitive (ASCII letters only, as SQLite's NOCASE) sort and compare key. */
  caseless(column: Expression<string | null> | RawBuilder<unknown>): RawBuilder<string>
  /** `column` starts with `prefix`, ASCII letters compared without case; `prefix` is plain text. */
  startsWithCaseless(column: Expression<string | null> | RawBuilder<unknown>, prefix: string): RawBuilder<boolean>
  /** `column` starts with `prefix`, byte for byte (for keys already folded, and digits). */
  startsWith(column: Expression<string | null> | RawBuilder<unknown>, prefix: string): RawBuilder<boolean>
  /**
   * A text column as a byte-for-byte sort key, as `startsWith` compares it: SQLite's own order, and
   * PostgreSQL's "C" collation, whatever the server database's default collation is.
   */
  bytewise(column: Expression<string | null> | RawBuilder<unknown>): RawBuilder<string>
  /**
   * Rows strictly after `values` in the order of `keys` (each ascending, the last unique): a keyset
   * cursor. PostgreSQL compares them as one row value, which its index seeks to directly; SQLite's
   * planner would scan the whole index for a row value, so there it is spelt out, the first key
   * giving the index range.
   */
  after(keys: readonly RawBuilder<unknown>[], values: readonly unknown[]): RawBuilder<boolean>
  /** A caseless key's value for a plain text, as `caseless(column)` holds it. */
  caselessValue(text: string): string
  /**
   * Runs `write` in a transaction whose commit may skip waiting for the disk (read-audit events):
   * it is still atomic and ordered with every other write.
   */
  withRelaxedDurability<T>(db: Kysely<Database>, write: (trx: Transaction<Database>) => Promise<T>): Promise<T>
  /** The last `n` characters of a text expression (SQLite's `substr(x, -n)`; PostgreSQL's `right`). */
  lastChars(text: RawBuilder<unknown>, n: number): RawBuilder<string>
  /**
   * Whether a search asks all its per-field questions in one statement. Over a network each
   * statement costs a round trip, so PostgreSQL asks at once; SQLite runs in this process, where
   * asking field by field and stopping once there are enough is cheaper.
   */
  readonly searchInOneStatement: boolean
  /**
   * `statement`, to be planned once per connection and run with each call's values. Only for a
   * statement whose plan suits every value: it must seek indexes by equality or by ranges of
   * parameters (a generic plan can't seek an index for `LIKE $1`, and reads the whole table), with
   * literal limits. SQLite prepares and caches every statement anyway.
   */
  plannedOnce<T>(statement: RawBuilder<T>): RawBuilder<T>
}

/** Carries the dialect on a Kysely (and its transactions and connections). It changes no query. */
export class DialectTag implements KyselyPlugin {
  constructor(readonly dialect: PorticoDialect) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/** The dialect of a Kysely made by `openDatabase` (or a test's `createKysely`). */
export function dialectOf(db: Pick<Kysely<never>, 'getExecutor'>): PorticoDialect {
  const tag = db.getExecutor().plugins.find((p) => p instanceof DialectTag) as DialectTag | undefined
  if (!tag) throw new Error('This Kysely was not made by openDatabase: it carries no Portico dialect.')
  return tag.dialect
}

/** ASCII-only lower case, as SQLite's NOCASE and PostgreSQL's lower() under the "C" collation fold. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (s) => s.toLowerCase())
}

/** `text` with LIKE's wildcards (and the escape character) made plain, escaped by a backslash. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** Carries a practice server's change notices on a Kysely. It changes no query. */
export class ChangeNoticesTag implements KyselyPlugin {
  constructor(readonly notices: ChangeNotices) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/**
 * A token that stays the same while `topic` is unchanged in the database behind `db`, or null when
 * nothing tells this desk of changes (a file; a server not listened to right now): then ask.
 */
export function changeToken(db: Pick<Kysely<never>, 'getExecutor'>, topic: NoticeTopic): { token: string; source: object } | null {
  const tag = db.getExecutor().plugins.find((p): p is ChangeNoticesTag => p instanceof ChangeNoticesTag)
  const token = tag?.notices.token(topic) ?? null
  return tag && token !== null ? { token, source: tag.notices } : null
}
