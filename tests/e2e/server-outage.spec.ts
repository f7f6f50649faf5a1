import { mkdirSync } from 'node:fs'
import type { BrowserContext } from '@playwright/test'
import pg from 'pg'
import { type TestPostgresServer, startTestPostgres } from '../support/postgres-server'
import type { DeskPage } from './page-models/desk-page'
import { test } from './support/fixtures'
import { type ServerDesk, expect, openDesk, outageMessage, startServerDesk, stopProcess } from './support/practice-server'

let server: TestPostgresServer
let dbUrl: string
let hostA: ServerDesk
let hostB: ServerDesk

test.beforeAll(async ({}, testInfo) => {
  server = await startTestPostgres()
  dbUrl = await server.createDatabase()
  const anchorDir = testInfo.outputPath('audit-anchors')
  mkdirSync(anchorDir, { recursive: true })
  hostA = await startServerDesk(dbUrl, anchorDir, testInfo.outputPath('desk-a'))
  hostB = await startServerDesk(dbUrl, anchorDir, testInfo.outputPath('desk-b'))
})

test.afterAll(async () => {
  for (const host of [hostA, hostB]) if (host) await stopProcess(host.child)
  await server?.destroy()
})

/** The clients the run below added, as the server has them. */
async function runClientsOnServer(): Promise<string[]> {
  const client = new pg.Client({ connectionString: dbUrl })
  await client.connect()
  try {
    const { rows } = await client.query<{ first_name: string }>(`select first_name from clients where last_name = 'Outage' order by first_name`)
    return rows.map((r) => r.first_name)
  } finally {
    await client.end()
  }
}

/** New client → name and date of birth → Save. Resolves true once the desk shows the client saved, false when it says nothing was. */
async function addClient(desk: DeskPage, firstName: string, whileSaving?: () => Promise<void>): Promise<boolean> {
  await desk.button('New client').click()
  await desk.field('First name').fill(firstName)
  await desk.field('Last name').fill('Outage')
  await desk.field('Date of birth').fill('1990-01-01')
  // The click lands first (once the message is up, nothing behind it can be clicked); the server may stop right after.
  await desk.button('Save').click()
  await whileSaving?.()
  // The Save's answer may land after the outage message is up, behind it (inert, out of the
  // accessibility tree): the outcome is read from the page whether or not the message covers it.
  const saved = desk.page.getByRole('heading', { level: 2, name: `${firstName} Outage`, includeHidden: true })
  const refused = desk.page.getByRole('form', { name: 'New client', includeHidden: true }).getByRole('alert', { includeHidden: true }).filter({ hasText: /Nothing was changed/ })
  await expect(saved.or(refused)).toBeVisible()
  return saved.isVisible()
}

/** Whether the Chromium accessibility tree offers this field to a screen reader right now. */
async function offeredToAssistiveTech(desk: DeskPage, name: string): Promise<boolean> {
  const cdp = await desk.page.context().newCDPSession(desk.page)
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 })
    const { nodes } = await cdp.send('Accessibility.queryAXTree', { nodeId: root.nodeId, accessibleName: name, role: 'textbox' })
    return nodes.some((node) => !node.ignored)
  } finally {
    await cdp.detach()
  }
}

test('the server stops in the middle of a run of saves: both desks say so, keep what was typed, carry on by themselves, and lose nothing reported saved', async ({ browser }, testInfo) => {
  const contexts: BrowserContext[] = []
  const a = await openDesk(browser, hostA, hostB.signIn)
  const b = await openDesk(browser, hostB, hostB.signIn)
  contexts.push(a.context, b.context)
  const deskA = a.desk
  const deskB = b.desk
  const reportedSaved: string[] = []
  const figures: string[] = []

  // Desk B is half-way through editing Joe's phone number.
  await deskB.openClient('Joe Fake')
  await deskB.button('Edit details').click()
  await deskB.field('Phone').fill('021 555 0199')
  await expect(deskB.field('Phone')).toBeFocused()

  // Desk A saves one new client after another; the server stops while the fourth is being saved.
  for (const name of ['Aroha', 'Bryn', 'Casey']) if (await addClient(deskA, name)) reportedSaved.push(name)
  expect(reportedSaved).toEqual(['Aroha', 'Bryn', 'Casey'])
  const stoppedAt = { ms: 0 }
  const fourthSaved = await addClient(deskA, 'Devi', async () => {
    await server.stop()
    stoppedAt.ms = Date.now()
  })
  if (fourthSaved) reportedSaved.push('Devi')
  figures.push(`the save under way when the server stopped: ${fourthSaved ? 'reported saved' : 'reported not saved'}`)

  await test.step('both desks show the message, the forms behind it kept and out of reach', async () => {
    for (const desk of [deskA, deskB]) await expect(outageMessage(desk)).toBeVisible({ timeout: 15_000 })
    figures.push(`both desks showed the message ${Date.now() - stoppedAt.ms} ms after the server stopped`)
    await expect(deskB.button('Retry')).toBeFocused()
    await expect(deskB.field('Phone')).toHaveValue('021 555 0199')
    expect(await offeredToAssistiveTech(deskB, 'Phone')).toBe(false)
    await deskA.screenshot('server-outage-a-message')
    await deskB.screenshot('server-outage-b-message')
    // Retry while the server is still away: the message stays.
    await deskB.button('Retry').click()
    await expect(outageMessage(deskB).getByRole('status')).toHaveText('Still no answer. Portico keeps trying every few seconds.')
    await expect(outageMessage(deskB)).toBeVisible()
    await deskB.screenshot('server-outage-b-retry-while-down')
  })

  await test.step('the server comes back: both desks carry on by themselves', async () => {
    await server.start()
    const back = Date.now()
    for (const desk of [deskA, deskB]) await expect(outageMessage(desk)).toBeHidden({ timeout: 15_000 })
    figures.push(`both desks carried on ${Date.now() - back} ms after the server was back`)
    await expect(deskB.field('Phone')).toBeFocused()
    await expect(deskB.field('Phone')).toHaveValue('021 555 0199')
    expect(await offeredToAssistiveTech(deskB, 'Phone')).toBe(true)
    await deskB.screenshot('server-outage-b-after')
    if (!fourthSaved) {
      await expect(deskA.page.getByRole('form', { name: 'New client' }).getByRole('alert')).toHaveText(
        'The practice database is back. Your last Save did not reach it, so nothing was saved: check the details and press Save again.',
      )
      await expect(deskA.field('First name')).toHaveValue('Devi')
      await deskA.screenshot('server-outage-a-save-again')
      await deskA.button('Save').click()
      await expect(deskA.profileHeading('Devi Outage')).toBeVisible()
      reportedSaved.push('Devi')
    }
    if (await addClient(deskA, 'Eru')) reportedSaved.push('Eru')
    await deskB.button('Save').click()
    await expect(deskB.profile.getByText('021 555 0199')).toBeVisible()
  })

  // Every save the desks reported is on the server, and nothing they said was not saved.
  expect(await runClientsOnServer()).toEqual([...reportedSaved].sort())
  expect(reportedSaved).toHaveLength(5)
  for (const desk of [deskA, deskB]) await expect(desk.page.getByText(/Something went wrong/)).toHaveCount(0)
  for (const host of [hostA, hostB]) expect(host.child.exitCode, host.output()).toBeNull()
  testInfo.annotations.push({ type: 'figures', description: figures.join('; ') })
  for (const context of contexts) await context.close()
})
