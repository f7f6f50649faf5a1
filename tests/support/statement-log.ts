import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely'

const TABLES = new Set(['audit_events', 'client_counts', 'client_list_version', 'client_state_version', 'clients', 'portal_accounts', 'portal_invites', 'portal_sessions', 'staff_accounts'])

/**
 * Every statement a Kysely runs (BEGIN and COMMIT aside), named by its kind and the tables it
 * names, in two logs: `statements` as each answer comes back (a subquery is shown to plugins too,
 * so a statement is logged once, with its result), and `events`, each statement's question
 * (`ask …`) and answer (`got …`) in the order they happened, to tell statements asked together
 * (one round trip's wait on a server) from statements asked one after another.
 */
export class StatementLog implements KyselyPlugin {
  readonly statements: string[] = []
  readonly events: string[] = []
  readonly #seen = new WeakMap<object, string>()
  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    const tables = new Set<string>()
    const visit = (n: unknown) => {
      if (!n || typeof n !== 'object') return
      const o = n as { kind?: string; table?: { identifier?: { name?: string } } }
      if (o.kind === 'TableNode' && TABLES.has(o.table?.identifier?.name ?? '')) tables.add(o.table!.identifier!.name!)
      Object.values(n).forEach(visit)
    }
    visit(node)
    const name = `${node.kind.replace('QueryNode', '').toLowerCase()} ${[...tables].sort().join(',')}`
    this.#seen.set(queryId, name)
    this.events.push(`ask ${name}`)
    return node
  }
  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const name = this.#seen.get(queryId) ?? 'raw'
    this.statements.push(name)
    this.events.push(`got ${name}`)
    return result
  }
  clear(): void {
    this.statements.length = 0
    this.events.length = 0
  }
}
