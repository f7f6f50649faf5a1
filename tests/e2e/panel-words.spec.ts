import { openDatabase } from '../../db/connection'
import { expect, test } from './support/fixtures'

/** Locks a client's portal account as five failed sign-ins would, straight in the practice's file. */
async function lockAccount(dbPath: string, firstName: string, until: Date): Promise<void> {
  const { db } = await openDatabase(dbPath)
  try {
    const client = await db.selectFrom('clients').select('id').where('first_name', '=', firstName).executeTakeFirstOrThrow()
    await db.updateTable('portal_accounts').set({ locked_until: until.toISOString(), failed_attempts: 5 }).where('client_id', '=', client.id).execute()
  } finally {
    await db.destroy()
  }
}

/**
 * Issue 13: the Client Portal Access panel's words agree with what the portal would do right now.
 * It used to say "Enabled — Sign-in to the portal is allowed." right above "Locked … until 5:24 PM".
 */
test('the words beside the switch say what the portal would do now: allowed, locked, blocked, waiting for an invite', async ({ desk, host }) => {
  const hint = desk.panel.locator('.switch-hint')

  await desk.openClient('Joe Fake')
  await expect(hint).toHaveText('Sign-in to the portal is allowed.')

  await lockAccount(host.dbPath, 'Joe', new Date(Date.now() + 15 * 60_000))
  await desk.openClient('Sam Rivera')
  await desk.openClient('Joe Fake')
  await expect(desk.portalSwitch).toHaveAttribute('aria-checked', 'true')
  await expect(desk.panel).toContainText(/Locked after failed sign-ins until/)
  await expect(hint).toHaveText(/^Turned on, but sign-in is locked after failed attempts until .+\.$/)
  await expect(desk.panel).not.toContainText('Sign-in to the portal is allowed')
  await desk.screenshot('desk-panel-locked-words')

  await desk.openClient('Sam Rivera')
  await expect(hint).toHaveText('Sign-in to the portal is blocked, even with the right password.')

  await desk.openClient('Ava Nguyen')
  await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
  await desk.inviteDialog.getByRole('button', { name: 'Done' }).click()
  await expect(hint).toHaveText('Turned on: the client can sign in once they choose a username with their invite.')
})
