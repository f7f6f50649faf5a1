import type { DeskPage } from './page-models/desk-page'
import { PortalPage } from './page-models/portal-page'
import { expect, test } from './support/fixtures'

const JOE_PASSWORD = 'harbour-lantern-kowhai-tui'
const SAM_PASSWORD = 'river-stone-pohutukawa-9'

/** Joe Fake's surname, username and email as the demo practice holds them: none may stay on a shared tablet. */
const JOE_DETAILS = /Fake|joefake|joe\.fake/
const IDLE_MESSAGE = 'You were signed out after 15 minutes without activity.'
/** What reset and activation say while Joe is signed in on the tablet: his first name and initial, nothing more. */
const JOE_SIGNED_IN = 'You’re signed in as Joe F. To reset a password or activate another account, sign out first.'
const RESET_DONE = 'Your password has been reset. Sign in with your new password.'
const RESET_DONE_ANY_WORDING = /password has been reset/i

/** Joe gets a password from a desk reset, then signs in on the tablet. */
async function joeSignsIn(staffDesk: DeskPage, portal: PortalPage): Promise<void> {
  await portal.resetPassword('joefake', await staffDesk.issuePasswordReset('Joe Fake'), JOE_PASSWORD)
  await expect(portal.status(RESET_DONE_ANY_WORDING)).toBeVisible()
  await portal.signIn('joefake', JOE_PASSWORD)
  await expect(portal.accountMenu('Joe Fake')).toBeVisible()
}

test.describe('a shared waiting-room tablet', () => {
  // Two or three scrypt hashes on the server and a desk beside the portal.
  test.describe.configure({ timeout: 90_000 })

  test('with Joe signed in, reset and activation say who is signed in and offer Sign out; Sam’s reset then ends on its confirmation, signed out', async ({ staffDesk, portal, page }, testInfo) => {
    const shot = (name: string) => portal.screenshot(name, testInfo.project.name)
    const samCode = await staffDesk.issuePasswordReset('Sam Rivera')
    await joeSignsIn(staffDesk, portal)

    // Joe hands the tablet on; the next client opens activation, then reset.
    await portal.goto('/activate')
    await expect(portal.heading('Activate your account')).toBeVisible()
    await expect(portal.sentence(JOE_SIGNED_IN)).toBeVisible()
    await expect(portal.field('Invite code')).toHaveCount(0)
    await portal.goto('/reset-password')
    await expect(portal.heading('Reset your password')).toBeVisible()
    await expect(portal.sentence(JOE_SIGNED_IN)).toBeVisible()
    await expect(portal.field('Reset code')).toHaveCount(0)
    await expect(portal.button('Sign out')).toBeVisible()
    expect(await portal.everything()).not.toMatch(JOE_DETAILS)
    await shot('reset-password-while-signed-in')

    await portal.button('Sign out').click()
    await expect(portal.field('Reset code')).toBeVisible()
    await expect(portal.heading('Reset your password')).toBeFocused()
    await expect(page.getByText(/signed in as/)).toHaveCount(0)
    await portal.submitReset('samrivera', samCode, SAM_PASSWORD)

    await expect(portal.status(RESET_DONE)).toBeVisible()
    await expect(portal.signInHeading).toBeVisible()
    await expect(page).toHaveURL(/\/sign-in\?done=reset$/)
    await expect(page.getByText(/Welcome/)).toHaveCount(0)
    await expect(portal.accountMenu('Joe Fake')).toHaveCount(0)
    await shot('reset-done-after-sign-out')

    // Signed out on the server too: a fresh load of the portal is the sign-in page.
    await portal.goto('/')
    await expect(portal.signInHeading).toBeVisible()
    expect(await portal.everything()).not.toMatch(JOE_DETAILS)
  })

  test('a reset form opened before Joe signed in (in another tab) still ends signed out, never as Joe', async ({ staffDesk, portal, page }) => {
    const samCode = await staffDesk.issuePasswordReset('Sam Rivera')
    await portal.goto('/reset-password')
    await expect(portal.field('Reset code')).toBeVisible()

    const otherTab = new PortalPage(await page.context().newPage(), portal.baseUrl)
    await joeSignsIn(staffDesk, otherTab)

    await portal.submitReset('samrivera', samCode, SAM_PASSWORD)
    await expect(portal.status(RESET_DONE_ANY_WORDING)).toBeVisible()
    await page.reload()
    await expect(portal.signInHeading).toBeVisible()
    await expect(page.getByText(/Welcome/)).toHaveCount(0)
    await expect(portal.accountMenu('Joe Fake')).toHaveCount(0)

    // The session was the browser's, so Joe's own tab is signed out too.
    await otherTab.page.reload()
    await expect(otherTab.signInHeading).toBeVisible()
    expect(await otherTab.everything()).not.toMatch(JOE_DETAILS)
  })

  test('a signed-in page left alone for 15 minutes returns to sign-in, with nothing of Joe’s on the page or back in its history', async ({ staffDesk, portal, page }, testInfo) => {
    // The page's idle timer runs on its clock (Date.now and setTimeout): install it before the portal loads.
    await page.clock.install()
    await joeSignsIn(staffDesk, portal)
    await portal.openMyProfile('Joe Fake')
    expect(await portal.everything()).toMatch(/Joe Fake[\s\S]*joefake|joefake[\s\S]*Joe Fake/)
    expect(await portal.everything()).toMatch(/joe\.fake\d*@example\.com/)

    await page.clock.fastForward('14:00')
    await expect(portal.heading('My profile')).toBeVisible()
    // A tap on the page counts as activity: the 15 minutes start again from here.
    await portal.heading('My profile').click()
    await page.clock.fastForward('14:00')
    await expect(portal.heading('My profile')).toBeVisible()

    const signOut = page.waitForResponse((response) => new URL(response.url()).pathname === '/api/sign-out')
    await page.clock.fastForward('01:01')
    await expect(portal.signInHeading).toBeVisible()
    await expect(portal.alert).toHaveText(IDLE_MESSAGE)
    await expect(portal.accountMenu('Joe Fake')).toHaveCount(0)
    expect(await portal.everything()).not.toMatch(JOE_DETAILS)
    expect((await signOut).status()).toBe(200)
    await portal.screenshot('signed-out-after-idle', testInfo.project.name)

    // Back goes to the signed-in page Joe came from: it shows sign-in, not Joe.
    await page.goBack()
    await expect(page).toHaveURL(/\/$/)
    await expect(portal.signInHeading).toBeVisible()
    expect(await portal.everything()).not.toMatch(JOE_DETAILS)
    await page.reload()
    await expect(portal.signInHeading).toBeVisible()
    expect(await portal.everything()).not.toMatch(JOE_DETAILS)
  })
})
