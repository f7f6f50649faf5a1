import { type Locator, type Page, expect } from '@playwright/test'

export interface NewPractice {
  practiceName: string
  displayName: string
  username: string
  password: string
}

/** The screens before the desk (set up, sign in, locked), by accessible roles and names only. */
export class AuthScreens {
  readonly setupHeading: Locator
  readonly createForm: Locator
  /** Where the demo admin's one-time sign-in is announced. */
  readonly demoSignIn: Locator
  readonly signInForm: Locator
  readonly lockedHeading: Locator
  readonly unlockForm: Locator

  constructor(readonly page: Page) {
    this.setupHeading = page.getByRole('heading', { level: 1, name: 'Set up Portico' })
    this.createForm = page.getByRole('form', { name: 'Create your practice' })
    this.demoSignIn = page.getByRole('status').filter({ hasText: 'Demo admin' })
    this.signInForm = page.getByRole('form', { name: 'Sign in' })
    this.lockedHeading = page.getByRole('heading', { level: 1, name: 'Portico is locked' })
    this.unlockForm = page.getByRole('form', { name: 'Unlock Portico' })
  }

  /** A field of the "Create your practice" form, by its label. */
  setupField(label: 'Practice name' | 'Your name' | 'Username' | 'Password'): Locator {
    return this.createForm.getByLabel(label, { exact: true })
  }

  async createPractice(practice: NewPractice): Promise<void> {
    await this.setupField('Practice name').fill(practice.practiceName)
    await this.setupField('Your name').fill(practice.displayName)
    await this.setupField('Username').fill(practice.username)
    await this.setupField('Password').fill(practice.password)
    await this.createForm.getByRole('button', { name: 'Create practice' }).click()
  }

  async useDemoPractice(): Promise<void> {
    await this.page.getByRole('button', { name: 'Use the demo practice' }).click()
  }

  async continueToSignIn(): Promise<void> {
    await this.page.getByRole('button', { name: 'Continue to sign in' }).click()
  }

  /** Fills the sign-in form and submits it, without waiting for the answer. */
  async submitSignIn(username: string, password: string): Promise<void> {
    await this.signInForm.getByLabel('Username', { exact: true }).fill(username)
    await this.signInForm.getByLabel('Password', { exact: true }).fill(password)
    await this.signInForm.getByRole('button', { name: 'Sign in' }).click()
  }

  /** Only the password: the lock screen knows who was signed in. */
  async unlock(password: string): Promise<void> {
    await this.unlockForm.getByLabel('Password', { exact: true }).fill(password)
    await this.unlockForm.getByRole('button', { name: 'Unlock' }).click()
  }

  /**
   * Submits a sign-in or unlock until `done` shows. While the desk says to wait a few seconds (the
   * pause after a wrong password), it types the password again and retries, as a person would.
   */
  async retryWhilePaused(submit: () => Promise<void>, done: Locator): Promise<void> {
    await expect(async () => {
      if (await done.isVisible()) return
      await submit()
      await expect(done.or(this.alert.filter({ hasText: /paused/ }))).toBeVisible()
      await expect(done).toBeVisible({ timeout: 1000 })
    }).toPass({ intervals: [1000], timeout: 30_000 })
  }

  /** A form-level message, such as a refused sign-in. */
  get alert(): Locator {
    return this.page.getByRole('alert')
  }
}
