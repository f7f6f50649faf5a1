import { expectAccessible } from '../support/accessibility'
import { type Locator, type Page, expect } from '@playwright/test'

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The desk as staff see it, by accessible roles and names only. */
export class DeskPage {
  readonly mainNav: Locator
  readonly clientsLink: Locator
  readonly search: Locator
  readonly clientList: Locator
  readonly profile: Locator
  readonly panel: Locator
  readonly portalSwitch: Locator
  readonly inviteDialog: Locator
  /** The list's filter row (All, Active, Inactive, Portal on, Locked, Invited), a radio group. */
  readonly filters: Locator
  /** The list's count line ("37 clients"), which also announces each answer. */
  readonly listCount: Locator

  constructor(readonly page: Page) {
    this.mainNav = page.getByRole('navigation', { name: 'Main' })
    this.clientsLink = this.mainNav.getByRole('link', { name: 'Clients' })
    this.search = page.getByRole('searchbox', { name: 'Search clients' })
    this.clientList = page.getByRole('list', { name: 'Clients' })
    this.profile = page.getByRole('region', { name: 'Client profile' })
    this.panel = page.getByRole('region', { name: 'Client Portal Access' })
    this.portalSwitch = this.panel.getByRole('switch', { name: 'Portal access' })
    this.inviteDialog = page.getByRole('dialog', { name: /Portal invite for/ })
    this.filters = page.getByRole('group', { name: 'Show clients' })
    this.listCount = page.getByRole('status').filter({ hasText: /^[\d,]+ clients?$/ })
  }

  /** The sign-in screen: Username, Password, Sign in; then the desk. */
  async signIn(username: string, password: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Username' }).fill(username)
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await expect(this.search).toBeVisible()
  }

  /** Signs out and back in as someone else (an admin, for admin-only screens). */
  async switchUser(username: string, password: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await this.signIn(username, password)
  }

  /** A client's row in the list; its name starts with "First Last". */
  /** A row the desk could not read, named by its client's id only. */
  damagedClient(): Locator {
    return this.clientList.getByRole('button', { name: /^Client #\d+: this row is damaged/ })
  }

  client(name: string): Locator {
    return this.clientList.getByRole('button', { name: new RegExp(`^${escape(name)}\\b`) })
  }

  /** Types into the search box and waits for the list to answer (it is busy until then). */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text)
    await expect(this.clientList).not.toHaveAttribute('aria-busy', 'true')
  }

  /** One filter's radio button, by its word ("Inactive"); its name goes on with the count. */
  filter(word: string): Locator {
    return this.filters.getByRole('radio', { name: new RegExp(`^${escape(word)}( [\\d,]+)?$`) })
  }

  /** The count a filter shows beside its word. */
  async filterCount(word: string): Promise<number> {
    const text = await this.filter(word).evaluate((el) => el.closest('label')?.textContent ?? '')
    return Number(text.replace(/\D/g, ''))
  }

  /** Clicks a filter and waits for the list to answer. */
  async filterBy(word: string): Promise<void> {
    await this.filter(word).click()
    await expect(this.filter(word)).toBeChecked()
    await expect(this.clientList).not.toHaveAttribute('aria-busy', 'true')
  }

  profileHeading(name: string): Locator {
    return this.page.getByRole('heading', { level: 2, name })
  }

  /** Clients (left menu) → find the client → click their name → the profile loads. */
  async openClient(name: string): Promise<void> {
    await this.clientsLink.click()
    await this.searchFor(name)
    await this.client(name).click()
    await expect(this.profileHeading(name)).toBeVisible()
    await expect(this.panel).toBeVisible()
  }

  /** Client Portal Access → Send Password Reset: opens the client, reads the one-time code shown once, and closes the dialog. */
  async issuePasswordReset(clientName: string): Promise<string> {
    await this.openClient(clientName)
    await this.panel.getByRole('button', { name: 'Send Password Reset' }).click()
    const dialog = this.page.getByRole('dialog', { name: new RegExp(`Password reset for ${clientName}`) })
    const code = (await dialog.getByLabel('One-time code').innerText()).trim()
    await dialog.getByRole('button', { name: 'Done' }).click()
    return code
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true })
  }

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true })
  }

  /** Each screen a test shows is also checked with axe-core (WCAG A/AA) before it is saved. */
  async screenshot(name: string): Promise<void> {
    await expectAccessible(this.page, name)
    await this.page.screenshot({ path: `test-results/screenshots/${name}.png` })
  }
}
