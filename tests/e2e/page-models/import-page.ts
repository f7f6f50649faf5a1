import { type Locator, type Page, expect } from '@playwright/test'
import type { DeskPage } from './desk-page'

/** Clients → Import clients… as an admin sees it, by accessible roles and names only. */
export class ImportPage {
  readonly dialog: Locator

  constructor(readonly page: Page, readonly desk: DeskPage) {
    this.dialog = page.getByRole('dialog', { name: /^Import clients:/ })
  }

  /** Opens the wizard and chooses a file (its bytes made by the test). */
  async chooseFile(name: string, bytes: Buffer, mimeType = 'text/csv'): Promise<void> {
    await this.page.getByRole('button', { name: 'Import clients…' }).click()
    await expect(this.dialog).toHaveAccessibleName('Import clients: Choose a file')
    await this.desk.screenshot('import-1-choose-file')
    await this.dialog.getByLabel('File to import').setInputFiles({ name, mimeType, buffer: bytes })
    await expect(this.dialog).toHaveAccessibleName('Import clients: Match columns')
  }

  /** The select beside a Portico field on the Match columns step. */
  match(field: string): Locator {
    return this.dialog.getByRole('combobox', { name: field, exact: true })
  }

  async next(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Next' }).click()
  }

  async step(name: string): Promise<void> {
    await expect(this.dialog).toHaveAccessibleName(`Import clients: ${name}`)
  }

  /** Imports from the preview and waits for "Imported N clients". */
  async importAll(count: number): Promise<void> {
    await this.dialog.getByRole('button', { name: `Import ${String(count)} clients` }).click()
    await this.step('Done')
    await expect(this.dialog.getByRole('status')).toHaveText(`Imported ${String(count)} clients.`)
  }

  /** "Show the imported clients": the list narrows to them. */
  async showImported(): Promise<Locator> {
    await this.dialog.getByRole('button', { name: 'Show the imported clients' }).click()
    await expect(this.dialog).toBeHidden()
    return this.page.getByRole('list', { name: 'Imported clients' })
  }
}
