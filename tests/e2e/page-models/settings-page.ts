import { type Download, type Locator, type Page, expect } from '@playwright/test'

export interface NewStaffMember {
  name: string
  username: string
  role: 'Admin' | 'Front desk'
  password: string
}

/** Settings (admins only), one region per section, by accessible roles and names only. */
export class SettingsPage {
  readonly link: Locator
  readonly heading: Locator
  readonly staff: Locator
  readonly addStaffForm: Locator
  readonly security: Locator
  readonly backups: Locator
  readonly backupsTable: Locator
  /** The Backups section's own status line (backing up, restoring), not the folder form's. */
  readonly backupsStatus: Locator
  readonly restoreDialog: Locator
  readonly audit: Locator
  readonly auditKey: Locator
  readonly updates: Locator
  readonly updatesSwitch: Locator
  readonly practice: Locator

  constructor(readonly page: Page) {
    this.link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })
    this.heading = page.getByRole('heading', { level: 1, name: 'Settings' })
    this.staff = page.getByRole('region', { name: 'Staff', exact: true })
    this.addStaffForm = this.staff.getByRole('form', { name: 'Add staff member' })
    this.security = page.getByRole('region', { name: 'Security', exact: true })
    this.backups = page.getByRole('region', { name: 'Backups', exact: true })
    this.backupsTable = this.backups.getByRole('table', { name: 'Backups' })
    this.backupsStatus = this.backups.getByRole('status').and(page.locator(':not(form *)'))
    this.restoreDialog = page.getByRole('dialog', { name: /^Restore the backup from/ })
    this.audit = page.getByRole('region', { name: 'Activity log', exact: true })
    this.auditKey = page.getByRole('region', { name: 'Audit key', exact: true })
    this.updates = page.getByRole('region', { name: 'Updates', exact: true })
    this.updatesSwitch = this.updates.getByRole('switch', { name: 'Check for updates' })
    this.practice = page.getByRole('region', { name: 'Practice', exact: true })
  }

  /** Settings in the left menu. */
  async open(): Promise<void> {
    await this.link.click()
    await expect(this.heading).toBeVisible()
  }

  async addStaff(member: NewStaffMember): Promise<void> {
    await this.addStaffForm.getByLabel('Name', { exact: true }).fill(member.name)
    await this.addStaffForm.getByLabel('Username', { exact: true }).fill(member.username)
    await this.addStaffForm.getByLabel('Role', { exact: true }).selectOption({ label: member.role })
    await this.addStaffForm.getByLabel('Password', { exact: true }).fill(member.password)
    await this.addStaffForm.getByRole('button', { name: 'Add staff member' }).click()
  }

  /** A staff member's row; its header cell is their name (with " (you)" for whoever is signed in). */
  staffRow(name: string): Locator {
    return this.staff.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name }) })
  }

  /** Security → "Lock after (minutes)" → Save settings, and waits until it is saved. */
  async setIdleLockMinutes(minutes: number): Promise<void> {
    await this.security.getByLabel('Lock after (minutes)').fill(String(minutes))
    await this.security.getByRole('button', { name: 'Save settings' }).click()
    await expect(this.security.getByRole('status')).toContainText('Settings saved.')
  }

  /** Back up now; returns the new backup's file name, as the status line reports it. */
  async backUpNow(): Promise<string> {
    const status = this.backupsStatus
    await this.backups.getByRole('button', { name: 'Back up now' }).click()
    await expect(status).toHaveText(/^Backup saved: \S+$/)
    return (await status.innerText()).replace('Backup saved: ', '').trim()
  }

  /** A backup's row in the Backups table, found by its file name. */
  backupRow(name: string): Locator {
    return this.backupsTable.getByRole('row').filter({ hasText: name })
  }

  /** Restore… on the backup's row, then Restore in the dialog that asks first. */
  async restore(name: string): Promise<void> {
    await this.backupRow(name).getByRole('button', { name: 'Restore…' }).click()
    await expect(this.restoreDialog).toBeVisible()
    await this.restoreDialog.getByRole('button', { name: 'Restore', exact: true }).click()
  }

  /** Activity log → Export CSV (the last 30 days to start), and the file it downloads. */
  async exportAuditCsv(): Promise<Download> {
    const download = this.page.waitForEvent('download')
    await this.audit.getByRole('button', { name: 'Export CSV' }).click()
    return download
  }

  /** Audit key → Save audit key…, and the key file it downloads. */
  async saveAuditKey(): Promise<Download> {
    const download = this.page.waitForEvent('download')
    await this.auditKey.getByRole('button', { name: 'Save audit key…' }).click()
    return download
  }

  /** Updates → the switch, where updates come from, and Save update settings. */
  async saveUpdateSettings(settings: { enabled: boolean; feed: { server: string } | { owner: string; repo: string } }): Promise<void> {
    if ((await this.updatesSwitch.getAttribute('aria-checked')) !== String(settings.enabled)) await this.updatesSwitch.click()
    const source = this.updates.getByLabel('Updates come from')
    if ('server' in settings.feed) {
      await source.selectOption({ label: 'An update server' })
      await this.updates.getByLabel('Update server address').fill(settings.feed.server)
    } else {
      await source.selectOption({ label: 'GitHub releases' })
      await this.updates.getByLabel('GitHub owner').fill(settings.feed.owner)
      await this.updates.getByLabel('Repository').fill(settings.feed.repo)
    }
    await this.updates.getByRole('button', { name: 'Save update settings' }).click()
  }

  /** Practice → the practice's details (the country by its name), then Save practice details. */
  async savePracticeDetails(details: { name: string; phone: string; country: string; publicAddress: string }): Promise<void> {
    await this.practice.getByLabel('Practice name').fill(details.name)
    await this.practice.getByLabel('Phone').fill(details.phone)
    await this.practice.getByLabel('Country').selectOption({ label: details.country })
    await this.practice.getByLabel('Portal’s public address').fill(details.publicAddress)
    await this.practice.getByRole('button', { name: 'Save practice details' }).click()
  }
}
