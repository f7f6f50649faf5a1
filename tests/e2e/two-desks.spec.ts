import { mkdirSync } from 'node:fs'
import type { ChildProcess } from 'node:child_process'
import type { BrowserContext } from '@playwright/test'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import { DeskPage } from './page-models/desk-page'
import { PortalPage } from './page-models/portal-page'
import { startServer, test } from './support/fixtures'
import { type ServerDesk, auditKeyFile, expect, openDesk, startServerDesk, stopProcess, verifyAuditTrail } from './support/practice-server'

const JOE_PASSWORD = 'harbour-lantern-kowhai-tui'
/** An open profile at one desk shows another desk's change within this long. */
const FOLLOWS_WITHIN_MS = 5000

let server: TestPostgresServer
let dbUrl: string
let anchorDir: string
let hostA: ServerDesk
let hostB: ServerDesk
let portal: { url: string; child: ChildProcess }

// One practice server and its database, two desk hosts on it (as two computers would be), and the
// client portal beside them: started once for the story below.
test.beforeAll(async ({}, testInfo) => {
  server = await startTestPostgres()
  dbUrl = await server.createDatabase()
  anchorDir = testInfo.outputPath('audit-anchors')
  mkdirSync(anchorDir, { recursive: true })
  // A makes the demo practice and its audit key; B then joins the same database.
  hostA = await startServerDesk(dbUrl, anchorDir, testInfo.outputPath('desk-a'))
  const [deskB, portalServer] = await Promise.all([
    startServerDesk(dbUrl, anchorDir, testInfo.outputPath('desk-b')),
    startServer('electron/main/portal/cli.ts', ['--port', '0', '--db', dbUrl, '--key', auditKeyFile(dbUrl, anchorDir)], anchorDir),
  ])
  hostB = deskB
  portal = portalServer
})

test.afterAll(async () => {
  for (const child of [portal?.child, hostA?.child, hostB?.child]) if (child) await stopProcess(child)
  await server?.destroy()
})

test('two desks on one practice server see each other’s changes, send invites at once, and keep one intact audit trail', async ({ browser }, testInfo) => {
  // Each host gave the demo front desk a new password as it started: B's is the one that counts.
  const contexts: BrowserContext[] = []
  const a = await openDesk(browser, hostA, hostB.signIn)
  const b = await openDesk(browser, hostB, hostB.signIn)
  contexts.push(a.context, b.context)
  const deskA = a.desk
  const deskB = b.desk
  const clientPage = await browser.newContext({ viewport: { width: 1280, height: 800 } }).then((c) => (contexts.push(c), c.newPage()))
  const joe = new PortalPage(clientPage, portal.url)
  const figures: string[] = []
  /** Waits for desk B to show what A just saved, and notes how long it took. */
  const followed = async (what: string, shown: () => Promise<void>) => {
    const from = Date.now()
    await shown()
    figures.push(`${what}: ${Date.now() - from} ms`)
  }

  await test.step('Joe Fake sets his portal password with a code from desk A', async () => {
    const code = await deskA.issuePasswordReset('Joe Fake')
    await joe.resetPassword('joefake', code, JOE_PASSWORD)
    await expect(joe.status(/password has been reset/i)).toBeVisible()
  })

  await test.step('desk A turns Joe’s portal access off; desk B, with Joe open, shows it off without reopening', async () => {
    await deskB.openClient('Joe Fake')
    await expect(deskB.portalSwitch).toHaveAttribute('aria-checked', 'true')
    await deskA.portalSwitch.click()
    await expect(deskA.portalSwitch).toHaveAttribute('aria-checked', 'false')
    await expect(deskA.portalSwitch).not.toHaveAttribute('aria-busy', 'true')
    await followed('portal access off', () => expect(deskB.portalSwitch).toHaveAttribute('aria-checked', 'false', { timeout: FOLLOWS_WITHIN_MS }))
    await expect(deskB.panel).toContainText('Joe cannot sign in to the portal until access is turned on again.')
    await deskB.screenshot('two-desks-b-follows-a-access-off')
  })

  await test.step('the portal on the same server refuses Joe while access is off', async () => {
    await joe.signIn('joefake', JOE_PASSWORD)
    await expect(joe.alert).toContainText(/portal access is turned off/i)
    await expect(joe.accountMenu('Joe Fake')).toHaveCount(0)
  })

  await test.step('a client added at desk A is found at desk B’s next search', async () => {
    await deskA.button('New client').click()
    await deskA.field('First name').fill('Hana')
    await deskA.field('Last name').fill('Tuakana')
    await deskA.field('Date of birth').fill('1994-03-08')
    await deskA.button('Save').click()
    await expect(deskA.profileHeading('Hana Tuakana')).toBeVisible()
    await deskB.searchFor('tuakana')
    await expect(deskB.client('Hana Tuakana')).toBeVisible()
  })

  await test.step('a rename at desk A shows in the profile open at desk B', async () => {
    await deskB.client('Hana Tuakana').click()
    await expect(deskB.profileHeading('Hana Tuakana')).toBeVisible()
    await deskA.button('Edit details').click()
    await deskA.field('First name').fill('Hanna')
    await deskA.button('Save').click()
    await expect(deskA.profileHeading('Hanna Tuakana')).toBeVisible()
    await followed('rename', () => expect(deskB.profileHeading('Hanna Tuakana')).toBeVisible({ timeout: FOLLOWS_WITHIN_MS }))
  })

  await test.step('an invite sent at desk A shows in the portal panel open at desk B', async () => {
    await deskB.openClient('Ava Nguyen')
    await deskA.openClient('Ava Nguyen')
    await deskA.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    await expect(deskA.inviteDialog.getByLabel('One-time code')).toBeVisible()
    await deskA.inviteDialog.getByRole('button', { name: 'Done' }).click()
    await followed('invite sent', () => expect(deskB.panel).toContainText('Invite sent', { timeout: FOLLOWS_WITHIN_MS }))
  })

  await test.step('desks A and B send Hanna an invite at the same moment: each gets a code or a plain message', async () => {
    await deskA.openClient('Hanna Tuakana')
    await deskB.openClient('Hanna Tuakana')
    const send = (desk: DeskPage) => desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    await Promise.all([send(deskA), send(deskB)])
    const outcome = async (desk: DeskPage) => {
      const code = desk.inviteDialog.getByLabel('One-time code')
      const message = desk.panel.getByRole('alert')
      await expect(code.or(message)).toBeVisible()
      return (await code.isVisible()) ? (await code.innerText()).trim() : `message: ${await message.innerText()}`
    }
    const [codeA, codeB] = await Promise.all([outcome(deskA), outcome(deskB)])
    figures.push(`invites at once: A ${/^message/.test(codeA) ? codeA : 'got a code'}, B ${/^message/.test(codeB) ? codeB : 'got a code'}`)
    expect([codeA, codeB].filter((c) => /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(c)).length).toBeGreaterThanOrEqual(1)
    for (const outcomeText of [codeA, codeB]) if (outcomeText.startsWith('message')) expect(outcomeText).not.toMatch(/Something went wrong/)
    await deskA.screenshot('two-desks-a-invite-at-once')
    await deskB.screenshot('two-desks-b-invite-at-once')
    for (const desk of [deskA, deskB]) {
      if (await desk.inviteDialog.isVisible()) await desk.inviteDialog.getByRole('button', { name: 'Done' }).click()
      await expect(desk.panel).toContainText('Invite sent')
      await expect(desk.page.getByText(/Something went wrong/)).toHaveCount(0)
    }
  })

  await test.step('desk B turns Joe’s access back on, and the portal signs him in', async () => {
    await deskB.openClient('Joe Fake')
    await deskA.openClient('Joe Fake')
    await deskB.portalSwitch.click()
    await expect(deskB.portalSwitch).toHaveAttribute('aria-checked', 'true')
    await followed('portal access on', () => expect(deskA.portalSwitch).toHaveAttribute('aria-checked', 'true', { timeout: FOLLOWS_WITHIN_MS }))
    await joe.signIn('joefake', JOE_PASSWORD)
    await expect(joe.accountMenu('Joe Fake')).toBeVisible()
  })

  await test.step('the audit trail both desks and the portal wrote is intact (npm run audit:verify on the URL)', async () => {
    const verified = await verifyAuditTrail(dbUrl, auditKeyFile(dbUrl, anchorDir), anchorDir)
    expect(verified.output).not.toMatch(/broken|rewritten|tamper/i)
    expect(verified.code, verified.output).toBe(0)
    figures.push(`audit:verify: ${verified.output.trim().split('\n')[0]}`)
  })

  for (const host of [hostA, hostB]) expect(host.child.exitCode, host.output()).toBeNull()
  testInfo.annotations.push({ type: 'figures', description: figures.join('; ') })
  for (const context of contexts) await context.close()
})
