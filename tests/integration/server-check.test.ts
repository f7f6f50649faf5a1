import { chownSync, copyFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { openDatabase } from '../../db/connection'
import { type ServerCheck, checkServer } from '../../db/server-check'
import { type ServerSettings, serverSettingsFromUrl, serverUrl } from '../../db/server-settings'
import { DIALECTS } from '../support/dialects'
import { type TestPostgresServer, databasesOn, freePort, startTestPostgres } from '../support/postgres-server'
import { tempDatabase, tempDir } from '../support/temp-db'
import { type TestCa, makeCertificateAuthority, serverCertificate } from '../support/test-ca'

/** Runs SQL as the server's superuser on one database. */
async function asAdmin(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

const tablesIn = async (url: string) => {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ name: string }>(`select table_name as name from information_schema.tables where table_schema = 'public' order by 1`)).rows.map((r) => r.name)
  } finally {
    await client.end()
  }
}

const failure = (check: ServerCheck) => (check.ok ? null : check)

describe.runIf(DIALECTS.includes('postgres'))('Test connection, against a real PostgreSQL server', () => {
  const adminUrl = inject('postgresAdminUrl')
  const server = databasesOn(adminUrl)
  const made: string[] = []
  const newDatabase = async () => {
    const url = await server.create()
    made.push(url)
    return url
  }
  afterAll(async () => {
    for (const url of made) await server.drop(url)
  })

  test('a port nobody listens on: the host can’t be reached, and the message says what to check', async () => {
    const settings = { ...serverSettingsFromUrl(adminUrl), port: await freePort() }
    const check = failure(await checkServer(settings, 'join'))
    expect(check?.problem).toBe('unreachable')
    expect(check?.message).toContain(`127.0.0.1:${settings.port}`)
    expect(check?.message).toMatch(/port.*firewall/)
    expect(check?.message).toMatch(/PostgreSQL is running/)
  })

  test('a wrong password: said so, naming the user and database, never either password', async () => {
    const right = serverSettingsFromUrl(await newDatabase())
    const wrong = { ...right, password: 'Not-The-Password-9' }
    const check = failure(await checkServer(wrong, 'move'))
    expect(check?.problem).toBe('wrong-password')
    expect(check?.message).toContain(right.user)
    expect(check?.message).toContain(right.database)
    expect(check?.message).not.toContain(wrong.password)
    expect(check?.message).not.toContain(right.password)
  })

  test('no such database: said so, pointing at the README for the SQL that creates it', async () => {
    const settings = { ...serverSettingsFromUrl(adminUrl), database: 'portico_no_such_practice' }
    const check = failure(await checkServer(settings, 'join'))
    expect(check?.problem).toBe('no-database')
    expect(check?.message).toContain('portico_no_such_practice')
    expect(check?.message).toContain('README')
  })

  test('a database with tables of its own is not Portico’s, for joining or moving, and is left as it was', async () => {
    const url = await newDatabase()
    await asAdmin(url, 'create table invoices (id int primary key); insert into invoices values (1)')
    for (const purpose of ['join', 'move'] as const) {
      const check = failure(await checkServer(serverSettingsFromUrl(url), purpose))
      expect(check?.problem).toBe('not-portico')
      expect(check?.message).toContain(serverSettingsFromUrl(url).database)
    }
    expect(await tablesIn(url)).toEqual(['invoices'])
  })

  test('a database holding a practice: a desk may join it, a practice may not be moved into it', async () => {
    const practice = await tempDatabase({ dialect: 'postgres', demo: true })
    try {
      const settings = serverSettingsFromUrl(practice.path)
      const join = await checkServer(settings, 'join')
      expect(join).toMatchObject({ ok: true, holdsPractice: true, clients: 200 })
      expect(join.ok && join.version).toMatch(/^1[4-9]|^[2-9]\d/)
      const move = failure(await checkServer(settings, 'move'))
      expect(move?.problem).toBe('holds-practice')
      expect(move?.message).toContain('200 clients')
    } finally {
      await practice.close()
    }
  })

  test('an empty database: a practice may be moved there, but there is nothing to join yet; the check creates nothing', async () => {
    const url = await newDatabase()
    const settings = serverSettingsFromUrl(url)
    const join = failure(await checkServer(settings, 'join'))
    expect(join?.problem).toBe('empty')
    expect(join?.message).toMatch(/Move this practice to the server/)
    expect(await checkServer(settings, 'move')).toEqual({ ok: true, version: expect.any(String), holdsPractice: false, clients: null })
    expect(await tablesIn(url)).toEqual([])
  })

  test('Portico’s tables with nothing in them (a move that was undone) count as empty', async () => {
    const url = await newDatabase()
    const opened = await openDatabase(url)
    await opened.db.destroy()
    const settings = serverSettingsFromUrl(url)
    expect(failure(await checkServer(settings, 'join'))?.problem).toBe('empty')
    expect(await checkServer(settings, 'move')).toMatchObject({ ok: true, holdsPractice: false, clients: 0 })
  })

  test('a practice set up by a newer Portico: said so', async () => {
    const url = await newDatabase()
    const opened = await openDatabase(url)
    await opened.db.destroy()
    await asAdmin(url, `insert into kysely_migration (name, timestamp) values ('9999_from_the_future', now()::text)`)
    const check = failure(await checkServer(serverSettingsFromUrl(url), 'join'))
    expect(check?.problem).toBe('newer-portico')
  })

  test('a user who may not create tables in the database: a move is refused before it starts', async () => {
    const url = await newDatabase()
    const role = `desk_${Date.now().toString(36)}`
    await asAdmin(adminUrl, `create role ${role} login password 'desk-password-1'`)
    try {
      const settings = { ...serverSettingsFromUrl(url), user: role, password: 'desk-password-1' }
      const check = failure(await checkServer(settings, 'move'))
      expect(check?.problem).toBe('no-permission')
      expect(check?.message).toContain(role)
    } finally {
      for (const target of made) await server.drop(target)
      made.length = 0
      await asAdmin(adminUrl, `drop role if exists ${role}`)
    }
  })

  test('TLS asked of a server that does not do TLS: said so', async () => {
    const settings: ServerSettings = { ...serverSettingsFromUrl(await newDatabase()), tls: 'require' }
    const check = failure(await checkServer(settings, 'move'))
    expect(check?.problem).toBe('tls-failed')
    expect(check?.message).toMatch(/does not accept encrypted/)
  })
})

describe.runIf(DIALECTS.includes('postgres'))('Test connection, against a server that takes encrypted connections only', () => {
  let tls: TestPostgresServer
  let folder: ReturnType<typeof tempDir>
  let ca: TestCa
  let practiceUrl: string

  beforeAll(async () => {
    folder = tempDir()
    ca = makeCertificateAuthority(folder.dir)
    const cert = serverCertificate(ca, folder.dir)
    tls = await startTestPostgres({
      postgresFlags: ['-c', 'ssl=on', '-c', 'ssl_cert_file=server.pem', '-c', 'ssl_key_file=server.key'],
      beforeStart(dataDir) {
        // The server reads its key only when it is the server's own and private to it.
        const { uid, gid } = statSync(dataDir)
        for (const [from, name] of [[cert.certPath, 'server.pem'], [cert.keyPath, 'server.key']] as const) {
          copyFileSync(from, join(dataDir, name))
          chownSync(join(dataDir, name), uid, gid)
        }
        // Plain connections only to the admin database (to make the test's databases); the practice's need TLS.
        writeFileSync(join(dataDir, 'pg_hba.conf'), ['host postgres all 127.0.0.1/32 scram-sha-256', 'hostssl all all 127.0.0.1/32 scram-sha-256', ''].join('\n'))
      },
    })
    practiceUrl = await tls.createDatabase('practice')
  }, 30_000)
  afterAll(async () => {
    await tls?.destroy()
    folder?.cleanup()
  })

  const settings = (tlsMode: ServerSettings['tls'], caFile?: string): ServerSettings => ({ ...serverSettingsFromUrl(practiceUrl), tls: tlsMode, ...(caFile ? { caFile } : {}) })

  test('without TLS: the server requires it, and the message says to turn it on', async () => {
    const check = failure(await checkServer(settings('off'), 'move'))
    expect(check?.problem).toBe('tls-required')
    expect(check?.message).toMatch(/Turn TLS on/)
  })

  test('TLS without checking the certificate connects', async () => {
    expect(await checkServer(settings('require'), 'move')).toMatchObject({ ok: true, holdsPractice: false })
  })

  test('TLS verified with the practice’s CA file connects, and the app opens the database through the same URL', async () => {
    const verified = settings('verify', ca.caPath)
    expect(await checkServer(verified, 'move')).toMatchObject({ ok: true, holdsPractice: false })
    const opened = await openDatabase(serverUrl(verified))
    try {
      expect(await opened.store.version()).toMatch(/^PostgreSQL 17/)
    } finally {
      await opened.db.destroy()
    }
  })

  test('a CA file that does not vouch for the server’s certificate: TLS failed, naming the file', async () => {
    const stranger = makeCertificateAuthority(folder.dir, 'Some Other CA')
    const check = failure(await checkServer(settings('verify', stranger.caPath), 'join'))
    expect(check?.problem).toBe('tls-failed')
    expect(check?.message).toContain(stranger.caPath)
  })

  test('verify without a CA file, or with one that is not there: said so before connecting', async () => {
    expect(failure(await checkServer(settings('verify'), 'join'))?.problem).toBe('tls-failed')
    const missing = failure(await checkServer(settings('verify', join(folder.dir, 'gone.pem')), 'join'))
    expect(missing?.problem).toBe('tls-failed')
    expect(missing?.message).toContain('gone.pem')
  })
})
