import type { Kysely, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

/**
 * Whose turn it is to write at this desk on a SQLite file. A long write done apart from the desk's
 * own connection (an import, on a connection of its own: see `writeApart`) takes the turn; the
 * desk's connection then goes on reading as usual, and its writes wait for the turn without
 * blocking the thread (SQLite's own busy wait would). Carried on the desk's Kysely as a plugin
 * that changes no query, so the driver and `writeApart` find the same one.
 */
export class WriteTurns implements KyselyPlugin {
  #apart: Promise<void> | null = null

  /** True while a write apart holds the turn. */
  get apart(): boolean {
    return this.#apart !== null
  }

  /** Resolves once no write apart holds the turn. */
  async waitTurn(): Promise<void> {
    while (this.#apart) await this.#apart
  }

  /** Takes the turn (after any other write apart ends). Call what it returns to give it back. */
  async take(): Promise<() => void> {
    await this.waitTurn()
    let giveBack!: () => void
    this.#apart = new Promise<void>((resolve) => (giveBack = resolve))
    return () => {
      this.#apart = null
      giveBack()
    }
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

/** The turns carried by a Kysely over a SQLite file (see `createKysely`), or null for any other. */
export function writeTurnsOf(db: Pick<Kysely<never>, 'getExecutor'>): WriteTurns | null {
  return (db.getExecutor().plugins.find((p) => p instanceof WriteTurns) as WriteTurns | undefined) ?? null
}

/**
 * A write refused at once because the turn is taken: only for what can wait elsewhere (a read's
 * audit event, see PendingAudits). It reads as SQLite's own "busy", which is what it means.
 */
export function busyWithWriteApart(): Error {
  return Object.assign(new Error('The database is busy with a long write (an import) at this desk.'), { code: 'SQLITE_BUSY' })
}
