import { openDatabase } from '../../db/connection'
import { putSetting } from '../../db/repositories/settings.repository'
import { expect, test } from './support/fixtures'

const PASSWORD = 'harbour-lantern-kowhai-tui'

/**
 * Issue 13: "The portal says the practice's name (not 'Portico client portal'), and its home page
 * after sign-in tells the client what they can do there (their username and how to change it,
 * their password, and how to reach the practice)."
 */
test('the portal wears the practice’s name, and its home page says what the client can do there and how to reach the practice', async ({ host, staffDesk, portal, page }, testInfo) => {
  // Settings → Practice (its own E2E covers the form): a name with characters that must stay text.
  const { db } = await openDatabase(host.dbPath)
  await putSetting(db, 'practice.name', 'Harbour & Hill <Physio>')
  await putSetting(db, 'practice.phone', '+64 9 555 0142')
  await db.destroy()

  await portal.goto('/sign-in')
  await expect(page).toHaveTitle('Sign in · Harbour & Hill <Physio>')
  await expect(page.getByRole('link', { name: /^Harbour & Hill <Physio>/ })).toBeVisible()
  await expect(page.getByText('Portico client portal')).toHaveCount(0)
  await portal.screenshot('practice-sign-in', testInfo.project.name)

  await portal.resetPassword('joefake', await staffDesk.issuePasswordReset('Joe Fake'), PASSWORD)
  await expect(page.getByRole('status').filter({ hasText: /password has been reset/i })).toBeVisible()
  await portal.signIn('joefake', PASSWORD)
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, Joe/ })).toBeVisible()
  await expect(page).toHaveTitle('Home · Harbour & Hill <Physio>')
  const username = page.getByRole('region', { name: 'Your username' })
  await expect(username).toContainText('You sign in as joefake')
  await expect(username.getByRole('link', { name: 'My profile' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Your password' })).toContainText('ask Harbour & Hill <Physio> for a reset code')
  const contact = page.getByRole('region', { name: 'Contact Harbour & Hill <Physio>' })
  await expect(contact.getByRole('link', { name: '+64 9 555 0142' })).toHaveAttribute('href', 'tel:+6495550142')
  await portal.screenshot('practice-home', testInfo.project.name)

  // The profile link on the home page leads where the article says to change the username.
  await username.getByRole('link', { name: 'My profile' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'My profile' })).toBeVisible()
})
