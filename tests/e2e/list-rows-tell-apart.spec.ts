import { openDatabase } from '../../db/connection'
import { expect, test } from './support/fixtures'

/** Two clients named Noor Haddad, straight in the practice's file: one with a portal account that is on, one with none. */
async function addTwoNoorHaddads(dbPath: string): Promise<void> {
  const { db } = await openDatabase(dbPath)
  const now = new Date().toISOString()
  const noor = { first_name: 'Noor', last_name: 'Haddad', status: 'active' as const, created_at: now, updated_at: now }
  try {
    const { id } = await db.insertInto('clients').values({ ...noor, date_of_birth: '1985-03-14' }).returning('id').executeTakeFirstOrThrow()
    await db
      .insertInto('portal_accounts')
      .values({ client_id: id, username: 'noor85', username_key: 'noor85', password_hash: 'x', access_enabled: 1, activated_at: now, created_at: now, updated_at: now })
      .execute()
    await db.insertInto('clients').values({ ...noor, date_of_birth: '1992-08-02' }).execute()
  } finally {
    await db.destroy()
  }
}

/** Issue 13: "List rows show what tells two same-name clients apart: date of birth, and the portal state in words." */
test('two clients with the same name: each row says their date of birth and portal state in words', async ({ desk, host, page }) => {
  await addTwoNoorHaddads(host.dbPath)
  for (const width of [960, 1280]) {
    await page.setViewportSize({ width, height: 720 })
    await desk.searchFor('Noor Haddad')
    await expect(desk.client('Noor Haddad')).toHaveCount(2)
    // The rows are still found by the client's name first; the words follow it.
    const older = desk.clientList.getByRole('button', { name: /^Noor Haddad\s*Born (Mar 14, 1985|14 Mar 1985)\s*·\s*Portal on$/ })
    const younger = desk.clientList.getByRole('button', { name: /^Noor Haddad\s*Born (Aug 2, 1992|2 Aug 1992)\s*·\s*No portal account$/ })
    await expect(older).toBeVisible()
    await expect(younger).toBeVisible()
    // The second line fits the row: nothing is cut off at the window's narrowest.
    for (const row of [older, younger]) {
      const line = row.locator('.client-item-contact')
      expect(await line.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
    }
    await desk.screenshot(`desk-list-same-name-${String(width)}`)
  }
})
