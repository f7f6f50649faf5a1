import { expectAccessible } from '../support/accessibility'
import { type Locator, type Page, expect } from '@playwright/test'

/** The client portal as a client sees it, by accessible roles and names only. */
export class PortalPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string,
  ) {}

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true })
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true })
  }

  get alert(): Locator {
    return this.page.getByRole('alert')
  }

  /** The account menu button (top right; at the very bottom on a phone), named with the client's name. */
  accountMenu(clientName: string): Locator {
    return this.page.getByRole('button', { name: clientName, exact: true })
  }

  /** The page's main heading. */
  heading(name: string): Locator {
    return this.page.getByRole('heading', { level: 1, name, exact: true })
  }

  get signInHeading(): Locator {
    return this.heading('Sign in to your client portal')
  }

  /** A calm confirmation (role=status) holding the text. */
  status(text: string | RegExp): Locator {
    return this.page.getByRole('status').filter({ hasText: text })
  }

  /** An element whose whole text is exactly this (a sentence the page must say, word for word). */
  sentence(text: string): Locator {
    return this.page.getByText(text, { exact: true })
  }

  /** Everything the page holds, hidden parts and attributes included: to prove a client's details are gone. */
  async everything(): Promise<string> {
    return this.page.evaluate(() => `${document.title}\n${document.body.outerHTML}`)
  }

  async goto(path: string): Promise<void> {
    await this.page.goto(new URL(path, this.baseUrl).href)
  }

  async resetPassword(username: string, code: string, newPassword: string): Promise<void> {
    await this.goto('/reset-password')
    await this.submitReset(username, code, newPassword)
  }

  /** Fills and sends the reset form already on screen. */
  async submitReset(username: string, code: string, newPassword: string): Promise<void> {
    await this.field('Username').fill(username)
    await this.field('Reset code').fill(code)
    await this.field('New password').fill(newPassword)
    await this.button('Reset password').click()
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.goto('/sign-in')
    await this.field('Username').fill(username)
    await this.field('Password').fill(password)
    await this.button('Sign in').click()
  }

  /**
   * Signs in and waits for the answer to match `expected`. While the portal says to wait a few
   * seconds (the pause after a wrong password), it tries again, as a person would.
   */
  async signInAfterAnyPause(username: string, password: string, expected: RegExp): Promise<void> {
    await this.goto('/sign-in')
    await this.field('Username').fill(username)
    await this.field('Password').fill(password)
    await expect(async () => {
      // Waits for this attempt's own answer (a password check is slow on a busy machine): trying
      // again before it came sent a second attempt, which counted as another failure.
      const answered = this.page.waitForResponse((response) => new URL(response.url()).pathname === '/api/sign-in')
      await this.button('Sign in').click()
      await answered
      await expect(this.alert).toContainText(expected, { timeout: 3000 })
    }).toPass({ intervals: [1000], timeout: 60_000 })
  }

  async activate(details: { code: string; dateOfBirth: string; username: string; password: string }): Promise<void> {
    await this.goto('/activate')
    await this.field('Invite code').fill(details.code)
    await this.field('Date of birth').fill(details.dateOfBirth)
    await this.field('Username').fill(details.username)
    await this.field('Password').fill(details.password)
    await this.button('Activate').click()
  }

  /** The article: click your name (top right), then My profile. */
  async openMyProfile(clientName: string): Promise<void> {
    await this.accountMenu(clientName).click()
    await this.page.getByRole('menuitem', { name: 'My profile' }).click()
    await expect(this.page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible()
  }

  /** Edit username sits in the profile's right-hand menu, or behind "More" on smaller screens. */
  async startEditUsername(): Promise<void> {
    const more = this.button('More')
    if (await more.isVisible()) await more.click()
    await this.button('Edit username').click()
  }

  /** Each screen a test shows is also checked with axe-core (WCAG A/AA) before it is saved. */
  async screenshot(name: string, project: string): Promise<void> {
    await expectAccessible(this.page, `${name} (${project})`)
    await this.page.screenshot({ path: `test-results/screenshots/portal-${project}-${name}.png`, fullPage: true })
  }
}
