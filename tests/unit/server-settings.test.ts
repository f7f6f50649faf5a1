import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'pg-connection-string'
import { afterAll, describe, expect, test } from 'vitest'
import { describeTarget, parseDatabaseTarget } from '../../db/dialect/target'
import { type ServerSettings, describeServer, serverSettingsFromUrl, serverUrl } from '../../db/server-settings'
import { isSupportedServerVersion } from '../../db/server-survey'
import { tempDir } from '../support/temp-db'

const folder = tempDir()
afterAll(() => folder.cleanup())

const office: ServerSettings = { host: 'db.office.example', port: 5433, database: 'portico practice', user: 'front desk', password: 'p@ss:w/rd?#%&= é+', tls: 'off' }

describe('the URL for a practice server', () => {
  test('every part survives the trip through the pg driver, whatever characters it holds', () => {
    const parsed = parse(serverUrl(office))
    expect(parsed).toMatchObject({ host: 'db.office.example', port: '5433', database: 'portico practice', user: 'front desk', password: 'p@ss:w/rd?#%&= é+', ssl: false })
  })

  test('openDatabase reads the same server from it, and names it without the password', () => {
    const target = parseDatabaseTarget(serverUrl(office))
    expect(target).toMatchObject({ engine: 'postgres', host: 'db.office.example', port: 5433, database: 'portico practice', user: 'front desk' })
    expect(describeTarget(target)).toBe('db.office.example:5433/portico practice')
    expect(describeServer(office)).toBe('db.office.example:5433/portico practice')
    expect(describeServer(office)).not.toContain(office.password)
  })

  test('TLS: off sends in the clear, require encrypts without checking, verify checks against the CA file', () => {
    const caFile = join(folder.dir, 'practice ca+1.pem')
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nnot a real one\n-----END CERTIFICATE-----\n')
    expect(parse(serverUrl({ ...office, tls: 'off' })).ssl).toBe(false)
    expect(parse(serverUrl({ ...office, tls: 'require' })).ssl).toEqual({ rejectUnauthorized: false })
    const verify = parse(serverUrl({ ...office, tls: 'verify', caFile }))
    expect(verify.ssl).toMatchObject({ ca: expect.stringContaining('not a real one') })
    expect(verify.ssl).not.toHaveProperty('rejectUnauthorized')
  })

  test('an IPv6 address goes in brackets', () => {
    expect(parse(serverUrl({ ...office, host: '::1' }))).toMatchObject({ host: '::1', port: '5433' })
  })

  test('the settings come back from their URL', () => {
    const caFile = join(folder.dir, 'ca.pem')
    for (const settings of [office, { ...office, tls: 'require' as const }, { ...office, tls: 'verify' as const, caFile }, { ...office, host: '::1' }]) {
      expect(serverSettingsFromUrl(serverUrl(settings))).toEqual(settings)
    }
    expect(serverSettingsFromUrl('postgres://desk@10.0.0.5/portico')).toEqual({ host: '10.0.0.5', port: 5432, database: 'portico', user: 'desk', password: '', tls: 'off' })
    expect(() => serverSettingsFromUrl('postgres://desk@10.0.0.5/')).toThrow(/names no database/)
  })
})

// A real PostgreSQL older than 14 can't be started here (the pinned binaries are 17), so the version
// rule is tested on the numbers servers report (server_version_num).
describe('which servers are new enough', () => {
  test('PostgreSQL 14 and newer are; 13 and 9.6 are not', () => {
    expect(isSupportedServerVersion(140000)).toBe(true)
    expect(isSupportedServerVersion(140017)).toBe(true)
    expect(isSupportedServerVersion(170004)).toBe(true)
    expect(isSupportedServerVersion(130016)).toBe(false)
    expect(isSupportedServerVersion(90624)).toBe(false)
    expect(isSupportedServerVersion(Number.NaN)).toBe(false)
  })
})
