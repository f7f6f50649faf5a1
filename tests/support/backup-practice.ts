import { openSqliteFile } from './database'

/**
 * A migrated practice database with `clients` clients (every fifth with a portal account), written
 * in one transaction straight through SQLite: fast enough to make tens of thousands.
 */
export async function practiceWithClients(path: string, clients: number): Promise<void> {
  const { db, sqlite } = await openSqliteFile(path)
  const client = sqlite.prepare(
    `insert into clients (first_name, last_name, date_of_birth, email, phone, status, created_at, updated_at)
     values (?, ?, '1980-01-01', ?, '555 0100', 'active', ?, ?)`,
  )
  const account = sqlite.prepare(
    `insert into portal_accounts (client_id, username, username_key, access_enabled, created_at, updated_at)
     values (?, ?, ?, 1, ?, ?)`,
  )
  const now = '2026-01-05T09:00:00.000Z'
  sqlite.transaction(() => {
    for (let i = 1; i <= clients; i++) {
      const id = Number(client.run(`First${i}`, `Last${i}`, `client${i}@example.test`, now, now).lastInsertRowid)
      if (i % 5 === 0) account.run(id, `Client${i}`, `client${i}`, now, now)
    }
  })()
  await db.destroy()
}
