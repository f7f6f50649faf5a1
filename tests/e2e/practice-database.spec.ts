import { PracticeDatabasePage, type TypedServer } from './page-models/practice-database-page'
import { SettingsPage } from './page-models/settings-page'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { addAdmin, expect, test } from './support/fixtures'

/** The demo practice's list, whichever way the count reads: all 200 made-up clients are there. */
const DEMO_COUNT = /^(Showing \d+ of 200|200 clients)$/

let server: TestPostgresServer
test.beforeAll(async () => {
  server = await startTestPostgres()
})
test.afterAll(async () => {
  await server.destroy()
})

/** A new empty database on this spec's own PostgreSQL server, as its IT person would type it. */
async function emptyServerDatabase(): Promise<TypedServer> {
  const url = new URL(await server.createDatabase())
  return { host: url.hostname, port: url.port, database: url.pathname.slice(1), user: decodeURIComponent(url.username), password: decodeURIComponent(url.password), tls: 'Off (only on a network you trust)' }
}

test.describe('Settings → Practice database', () => {
  test('an admin moves the built-in practice to a server: plain words for each problem, the counts before and after, then Backups says to use pg_dump', async ({ desk, page, host }) => {
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    const settings = new SettingsPage(page)
    const practice = new PracticeDatabasePage(page)
    await settings.open()
    await expect(practice.section).toContainText('This desk uses the database built into this computer')
    await expect(settings.backups.getByRole('button', { name: 'Back up now' })).toBeVisible()

    const typed = await emptyServerDatabase()
    await practice.chooseServer()
    await practice.fill({ ...typed, password: 'not-the-password' })
    await practice.testConnection()
    await expect(practice.field('Password')).toHaveAttribute('aria-invalid', 'true')
    // Nothing typed is lost: the admin corrects the one field.
    await expect(practice.field('Host')).toHaveValue(typed.host)
    await expect(practice.field('Database')).toHaveValue(typed.database)

    await practice.field('Port').fill('not a port')
    await practice.testConnection()
    await expect(practice.form.getByText('Enter the port as a number, usually 5432.')).toBeVisible()
    await practice.field('Port').fill(typed.port)
    await practice.field('Password').fill(typed.password)
    await practice.testConnection()
    await expect(practice.status).toContainText('its database is empty')

    await practice.moveToServer()
    await expect(practice.section.getByRole('status').first()).toContainText(`This practice is now on the server ${typed.host}:${typed.port}/${typed.database}`)
    expect(await practice.movedRow('Clients')).toEqual(['200', '200'])
    // The demo front desk, the demo admin the host prints, and the admin this test added.
    expect(await practice.movedRow('Staff accounts')).toEqual(['3', '3'])
    await expect(practice.section).toContainText('This desk uses the practice server')
    await expect(settings.backups).toContainText(`This practice’s data is on the server ${typed.host}:${typed.port}/${typed.database}. Back it up on the server with pg_dump`)
    await expect(settings.backups.getByRole('button', { name: 'Back up now' })).toHaveCount(0)
    // The password is never sent back: the form says it is saved.
    await practice.chooseServer()
    await expect(practice.field('Password')).toHaveValue('')
    await expect(practice.form.getByText('This desk already has it. Leave empty to keep using it.')).toBeVisible()
    await desk.screenshot('desk-settings-practice-database')

    // The desk works on the server: the practice is all there.
    await desk.clientsLink.click()
    await expect(page.getByText(DEMO_COUNT)).toBeVisible()
    await desk.searchFor('joe fake')
    await expect(desk.client('Joe Fake')).toBeVisible()

    // Back to this computer only: the desk signs in again on its built-in database, backed up into files again.
    await settings.open()
    await practice.useBuiltIn()
    // A change of database signs the desk out: the sign-in screen says why.
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
    await expect(page.getByRole('status')).toContainText('This desk now uses the database built into this computer')
    await page.goto(host.url)
    await desk.signIn(admin.username, admin.password)
    await settings.open()
    await expect(practice.section).toContainText('This desk uses the database built into this computer')
    await expect(settings.backups.getByRole('button', { name: 'Back up now' })).toBeVisible()
    await expect(page.getByRole('alert')).toHaveCount(0)

    // And onto the server again with Use this server: it already holds the practice, and this desk has its key.
    await practice.chooseServer()
    await expect(practice.field('Host')).toHaveValue(typed.host)
    await practice.field('Password').fill(typed.password)
    await practice.testConnection()
    await expect(practice.status).toContainText('The database holds a Portico practice with 200 clients')
    await practice.form.getByRole('button', { name: 'Use this server' }).click()
    await expect(page.getByRole('form', { name: 'Sign in' })).toBeVisible()
    await expect(page.getByRole('status')).toContainText(`This desk now uses the practice server ${typed.host}:${typed.port}/${typed.database}. Sign in with your account there.`)
    await page.goto(host.url)
    await desk.signIn(admin.username, admin.password)
    await expect(page.getByText(DEMO_COUNT)).toBeVisible()
    // Each switch was deliberate: no desk shows an audit warning for it.
    await expect(page.getByRole('alert')).toHaveCount(0)
  })
})
