import { type Locator, type Page, expect } from '@playwright/test'

export interface TypedServer {
  host: string
  port: string
  database: string
  user: string
  password: string
  tls: 'Off (only on a network you trust)' | 'Require encryption' | 'Require and verify with a CA file'
}

/** Settings → Practice database, by accessible roles and names only. */
export class PracticeDatabasePage {
  readonly section: Locator
  readonly form: Locator
  readonly status: Locator
  readonly confirmDialog: Locator
  readonly movedTable: Locator

  constructor(readonly page: Page) {
    this.section = page.getByRole('region', { name: 'Practice database', exact: true })
    this.form = this.section.getByRole('form', { name: 'Practice server' })
    this.status = this.form.getByRole('status')
    this.confirmDialog = page.getByRole('dialog')
    this.movedTable = this.section.getByRole('table', { name: 'Records moved' })
  }

  field(label: string): Locator {
    return this.form.getByLabel(label, { exact: true })
  }

  async chooseServer(): Promise<void> {
    await this.section.getByRole('radio', { name: 'Shared practice server (PostgreSQL)' }).check()
    await expect(this.form).toBeVisible()
  }

  async chooseBuiltIn(): Promise<void> {
    await this.section.getByRole('radio', { name: 'This computer only (built-in)' }).check()
  }

  async fill(server: TypedServer): Promise<void> {
    await this.field('Host').fill(server.host)
    await this.field('Port').fill(server.port)
    await this.field('Database').fill(server.database)
    await this.field('Username').fill(server.user)
    await this.field('Password').fill(server.password)
    await this.field('TLS (encryption)').selectOption({ label: server.tls })
  }

  async testConnection(): Promise<void> {
    await this.form.getByRole('button', { name: 'Test connection' }).click()
  }

  /** Move this practice to the server, then Move the practice in the dialog that asks first. */
  async moveToServer(): Promise<void> {
    await this.form.getByRole('button', { name: 'Move this practice to the server' }).click()
    await expect(this.confirmDialog).toBeVisible()
    await this.confirmDialog.getByRole('button', { name: 'Move the practice' }).click()
  }

  /** Back to this computer only, after the dialog that asks first. */
  async useBuiltIn(): Promise<void> {
    await this.chooseBuiltIn()
    await this.section.getByRole('button', { name: 'Use the built-in database' }).click()
    await this.confirmDialog.getByRole('button', { name: 'Use the built-in database' }).click()
  }

  /** One row of the table of records moved: its name, the count before, and after. */
  async movedRow(name: string): Promise<string[]> {
    return this.movedTable.getByRole('row').filter({ has: this.page.getByRole('rowheader', { name, exact: true }) }).getByRole('cell').allInnerTexts()
  }
}
