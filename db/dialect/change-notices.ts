import pg from 'pg'

/** What a practice server tells its desks about (postgres/0008_change_notices.ts). */
export type NoticeTopic = 'staff'
const CHANNELS: Record<NoticeTopic, string> = { staff: 'portico_staff' }
/** The table whose changes each topic's notice is sent for (the trigger in 0008). */
const TABLES: Record<NoticeTopic, RegExp> = { staff: /staff_accounts/i }

/**
 * A desk's ear on the practice server: one connection of its own that LISTENs for the notices the
 * server sends when a change commits. `token(topic)` changes whenever that topic may have changed,
 * so what was read under one token still holds while the token is the same. While not listening
 * (not yet connected, or the connection dropped: notices may have been missed) it is null, and
 * the caller asks the database, as it would without notices. Listening starts at the first
 * question and is tried again every `retryMs` after a drop; each new start makes every earlier
 * token stale.
 */
export class ChangeNotices {
  #client: pg.Client | null = null
  #listening = false
  #starts = 0
  #heard: Record<NoticeTopic, number> = { staff: 0 }
  #wroteHere: Record<NoticeTopic, number> = { staff: 0 }
  #retry: NodeJS.Timeout | null = null
  #closed = false
  constructor(
    private readonly config: pg.ClientConfig,
    private readonly retryMs = 3_000,
  ) {}

  token(topic: NoticeTopic): string | null {
    if (!this.#listening) {
      this.#start()
      return null
    }
    return `${String(this.#starts)}.${String(this.#heard[topic])}.${String(this.#wroteHere[topic])}`
  }

  /**
   * This desk wrote `statement`: its own next read of what it may have changed must see that at
   * once, not when the server's notice of it arrives. The tokens of the topics whose table the
   * statement names change; a write that names none (a client's portal switch) leaves them be.
   */
  wroteHere(statement: string): void {
    for (const topic of Object.keys(TABLES) as NoticeTopic[]) if (TABLES[topic].test(statement)) this.#wroteHere[topic] += 1
  }

  #start(): void {
    if (this.#client || this.#retry || this.#closed) return
    const client = new pg.Client(this.config)
    this.#client = client
    client.on('notification', (notice) => {
      const topic = (Object.keys(CHANNELS) as NoticeTopic[]).find((t) => CHANNELS[t] === notice.channel)
      if (topic) this.#heard[topic] += 1
    })
    // A dropped connection is reported here, never thrown ('error' unheard would end the process).
    client.on('error', () => this.#drop(client))
    client.on('end', () => this.#drop(client))
    void (async () => {
      try {
        await client.connect()
        for (const channel of Object.values(CHANNELS)) await client.query(`listen ${channel}`)
        if (this.#client !== client) return
        this.#starts += 1
        this.#listening = true
      } catch {
        this.#drop(client)
      }
    })()
  }

  #drop(client: pg.Client): void {
    if (this.#client !== client) return
    this.#client = null
    this.#listening = false
    client.end().catch(() => undefined)
    if (this.#closed) return
    this.#retry = setTimeout(() => {
      this.#retry = null
      this.#start()
    }, this.retryMs)
    this.#retry.unref()
  }

  async close(): Promise<void> {
    this.#closed = true
    this.#listening = false
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = null
    const client = this.#client
    this.#client = null
    await client?.end().catch(() => undefined)
  }
}
