import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { readDatabase } from '../support/database'
import { AuthScreens } from './page-models/auth-screens'
import { DeskPage } from './page-models/desk-page'
import { SettingsPage } from './page-models/settings-page'
import { type EmptyHost, startEmptyHost } from './support/empty-host'
import { test as base, addAdmin, expect } from './support/fixtures'

/** A desk host on a new database without staff: the desk opens on "Set up Portico". */
const test = base.extend<{ emptyHost: EmptyHost }>({
  emptyHost: async ({}, use, testInfo) => {
    const host = await startEmptyHost(testInfo.outputPath('empty.sqlite3'))
    await use(host)
    await host.stop()
  },
})

/** The demo practice's list, whichever way the count reads: all 200 made-up clients are there. */
const DEMO_COUNT = /^(Showing \d+ of 200|200 clients)$/

test.describe('first run', () => {
  test('a new practice refuses a weak password, keeping what was typed, and signs its first admin in to an empty desk', async ({ emptyHost, page }) => {
    const auth = new AuthScreens(page)
    const desk = new DeskPage(page)
    await page.goto(emptyHost.url)
    await expect(auth.setupHeading).toBeVisible()

    await auth.createPractice({ practiceName: 'Harbour Physio', displayName: 'Mere Tāwhiri', username: 'mere.t', password: 'password1234' })
    const password = auth.setupField('Password')
    await expect(password).toHaveAttribute('aria-invalid', 'true')
    await expect(password).toHaveAccessibleDescription(/Choose a harder-to-guess password\./)
    await expect(auth.setupField('Practice name')).toHaveValue('Harbour Physio')
    await expect(auth.setupField('Your name')).toHaveValue('Mere Tāwhiri')
    await expect(auth.setupField('Username')).toHaveValue('mere.t')
    await expect(password).toHaveValue('password1234')
    await desk.screenshot('desk-setup')

    await password.fill('kettle-saffron-umbrella-93')
    await auth.createForm.getByRole('button', { name: 'Create practice' }).click()
    await expect(desk.search).toBeVisible()
    await expect(page.getByText('No clients yet. Use New client to add the first one.')).toBeVisible()
    await expect(page.getByText('Mere Tāwhiri · Admin')).toBeVisible()
    await expect(desk.mainNav.getByRole('link', { name: 'Settings' })).toBeVisible()
  })

  test('the demo practice shows its admin sign-in once, then opens on 200 made-up clients', async ({ emptyHost, page }) => {
    const auth = new AuthScreens(page)
    const desk = new DeskPage(page)
    await page.goto(emptyHost.url)
    await auth.useDemoPractice()
    await expect(auth.demoSignIn).toContainText(/Demo admin — username demo\.admin, password demo-\S+/)
    const shown = /username (\S+), password (\S+)/.exec(await auth.demoSignIn.innerText())
    const [, username, password] = shown ?? []
    if (!username || !password) throw new Error('The setup screen showed no demo sign-in')

    await auth.continueToSignIn()
    await expect(auth.signInForm).toBeVisible()
    // Shown once: it is gone from the screen as soon as staff move on.
    await expect(page.getByText(password)).toHaveCount(0)
    await desk.signIn(username, password)
    await expect(page.getByText(DEMO_COUNT)).toBeVisible()
    await desk.searchFor('joe fake')
    await expect(desk.client('Joe Fake')).toBeVisible()
    await expect(desk.mainNav.getByRole('link', { name: 'Settings' })).toBeVisible()
  })
})

test.describe('signing in', () => {
  test('a wrong password gets a message that does not say which part was wrong; front desk staff see who is signed in and no Settings', async ({ host, page }) => {
    const auth = new AuthScreens(page)
    const desk = new DeskPage(page)
    await page.goto(host.url)
    await expect(page.getByRole('heading', { level: 1, name: 'Demo Practice' })).toBeVisible()

    await auth.signInForm.getByLabel('Username', { exact: true }).fill(host.signIn.username)
    await auth.signInForm.getByLabel('Password', { exact: true }).fill('not-the-password-at-all')
    await auth.signInForm.getByRole('button', { name: 'Sign in' }).click()
    await expect(auth.alert).toHaveText('That username and password don’t match. Check both and try again.')
    await expect(auth.signInForm.getByLabel('Password', { exact: true })).toHaveValue('')
    await desk.screenshot('desk-sign-in')

    // The next attempt waits a second after a wrong password; then the right one gets in.
    await auth.retryWhilePaused(() => auth.submitSignIn(host.signIn.username, host.signIn.password), desk.search)
    await expect(page.getByText('Robin Front Desk · Front desk')).toBeVisible()
    await expect(desk.mainNav.getByRole('link', { name: 'Clients' })).toBeVisible()
    await expect(desk.mainNav.getByRole('link', { name: 'Settings' })).toHaveCount(0)
  })
})

test.describe('locking the desk', () => {
  test('Lock hides every client detail until the same person types their password again', async ({ desk, page, host }) => {
    const auth = new AuthScreens(page)
    await desk.openClient('Joe Fake')
    await expect(desk.panel).toContainText('joefake')

    await desk.button('Lock').click()
    await expect(auth.lockedHeading).toBeVisible()
    await expect(page.getByText('Signed in as Robin Front Desk')).toBeVisible()
    // Not hidden but gone: nothing of the client is left in the page.
    await expect(page.getByText('joefake')).toHaveCount(0)
    await expect(page.getByText('Joe Fake')).toHaveCount(0)
    await expect(desk.search).toHaveCount(0)
    await expect(desk.clientList).toHaveCount(0)
    expect(await page.content()).not.toMatch(/joefake|Joe Fake/)
    await desk.screenshot('desk-locked')

    await auth.unlock('not-the-password-at-all')
    await expect(auth.alert).toBeVisible()
    await expect(auth.unlockForm.getByLabel('Password', { exact: true })).toHaveValue('')
    await expect(auth.lockedHeading).toBeVisible()
    await expect(page.getByText('joefake')).toHaveCount(0)

    await auth.retryWhilePaused(() => auth.unlock(host.signIn.password), desk.search)
    await desk.searchFor('Joe Fake')
    await expect(desk.client('Joe Fake')).toBeVisible()
    await desk.client('Joe Fake').click()
    await expect(desk.panel).toContainText('joefake')
  })

  test('a desk nobody uses for the minutes an admin chose locks itself', async ({ host, page }) => {
    const admin = await addAdmin(host.dbPath)
    // The idle timer runs on the page's clock (Date.now and setTimeout): install it before the desk loads.
    await page.clock.install()
    await page.goto(host.url)
    const desk = new DeskPage(page)
    const settings = new SettingsPage(page)
    const auth = new AuthScreens(page)
    await desk.signIn(admin.username, admin.password)
    await settings.open()
    await settings.setIdleLockMinutes(1)

    await page.clock.fastForward('00:50')
    await expect(settings.heading).toBeVisible()
    await page.clock.fastForward('00:15')
    await expect(auth.lockedHeading).toBeVisible()
    await expect(page.getByText('Signed in as Alex Admin')).toBeVisible()
    await expect(settings.heading).toHaveCount(0)
  })
})

test.describe('every action is attributed', () => {
  test('turning portal access on shows in the Activity tab by name and role, and the audit event is chained', async ({ desk, page, host }) => {
    await desk.openClient('Sam Rivera')
    await desk.portalSwitch.click()
    await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')

    await desk.profile.getByRole('tab', { name: 'Activity' }).click()
    const activity = page.getByRole('list', { name: 'Portal activity' })
    const turnedOn = activity.getByRole('listitem').filter({ hasText: 'Portal access turned on by Robin Front Desk (front desk)' })
    await expect(turnedOn).toHaveCount(1)
    await expect(turnedOn.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/)
    await expect(turnedOn.locator('time')).not.toBeEmpty()
    await desk.screenshot('desk-activity')

    const event = readDatabase(host.dbPath, (db) =>
      db
        .prepare(
          `select e.actor_type, e.actor_name, e.actor_staff_id, e.hash, e.prev_hash, s.username
             from audit_events e
             join clients c on c.id = e.client_id
             left join staff_accounts s on s.id = e.actor_staff_id
            where e.action = 'portal.access.enable' and c.first_name = 'Sam' and c.last_name = 'Rivera'`,
        )
        .all(),
    ) as { actor_type: string; actor_name: string; actor_staff_id: number | null; hash: string | null; prev_hash: string | null; username: string | null }[]
    expect(event).toHaveLength(1)
    expect(event[0]).toMatchObject({ actor_type: 'desk', actor_name: 'Robin Front Desk', username: host.signIn.username })
    expect(event[0]?.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(event[0]?.prev_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(event[0]?.prev_hash).not.toBe(event[0]?.hash)
  })
})

test.describe('Settings for admins', () => {
  test('an admin adds a colleague, backs up, restores that backup, exports the audit log and saves the audit key', async ({ desk, page, host }) => {
    const settings = new SettingsPage(page)
    const admin = await addAdmin(host.dbPath)
    await desk.switchUser(admin.username, admin.password)
    await settings.open()

    await expect(settings.staffRow('Alex Admin (you)')).toBeVisible()
    await settings.addStaff({ name: 'Kiri Reception', username: 'kiri.r', role: 'Front desk', password: 'copper-meadow-violin-17' })
    const kiri = settings.staffRow('Kiri Reception')
    await expect(kiri).toContainText('kiri.r')
    await expect(kiri).toContainText('Front desk')
    await expect(kiri).toContainText('Never')
    await expect(settings.addStaffForm.getByLabel('Name', { exact: true })).toHaveValue('')
    await settings.staff.scrollIntoViewIfNeeded()
    await desk.screenshot('desk-settings-staff')

    const backup = await settings.backUpNow()
    expect(backup).toMatch(/^portico-\d{8}-\d{6}.*\.sqlite3$/)
    await expect(settings.backupRow(backup)).toHaveCount(1)
    await expect(settings.backupRow(backup).getByRole('button', { name: 'Restore…' })).toBeVisible()
    await settings.backups.scrollIntoViewIfNeeded()
    await desk.screenshot('desk-settings-backups')

    // Entered after the backup: gone once it is restored.
    await desk.clientsLink.click()
    await desk.button('New client').click()
    await desk.field('First name').fill('Hemi')
    await desk.field('Last name').fill('Afterbackup')
    await desk.field('Date of birth').fill('1990-04-12')
    await desk.button('Save').click()
    await expect(desk.profileHeading('Hemi Afterbackup')).toBeVisible()

    await settings.open()
    await settings.restore(backup)
    await expect(settings.backupsStatus).toHaveText(/^Restored the backup from .+: 200 clients\.$/)
    await desk.clientsLink.click()
    await desk.searchFor('Afterbackup')
    await expect(page.getByText('No clients match “Afterbackup”')).toBeVisible()
    await expect(desk.client('Hemi Afterbackup')).toHaveCount(0)

    await settings.open()
    const download = await settings.exportAuditCsv()
    expect(download.suggestedFilename()).toMatch(/^portico-audit-.*\.csv$/)
    const csv = await readFile(await download.path(), 'utf8')
    expect(csv.split(/\r?\n/)[0]).toMatch(/^id,occurred_at,/)
    await expect(settings.audit.getByRole('status')).toHaveText(/^Exported \d+ events\.$/)

    const key = await settings.saveAuditKey()
    expect(key.suggestedFilename()).toBe('portico.audit-key')
    // The same key the host keeps beside its database (a key file, for the hosts and CLIs).
    expect(await readFile(await key.path(), 'utf8')).toBe(await readFile(join(dirname(host.dbPath), 'portico.audit-key'), 'utf8'))
    await expect(settings.auditKey.getByRole('status')).toHaveText(/^Saved the audit key \(key id [0-9a-f]{16}\)\. Keep the file somewhere safe, away from this computer\.$/)
  })
})
