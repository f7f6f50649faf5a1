import { ImportPage } from './page-models/import-page'
import { addAdmin, expect, test } from './support/fixtures'

/** The file the issue describes, made here: BOM, CRLF, quoted commas, US dates, O'Brien, Zoë, Nguyễn, 李. */
const REALISTIC =
  '\uFEFF"First Name","Last Name","Date of Birth","Email","Mobile Phone","Referral"\r\n' +
  '"Siobhan","O\'Brien","03/14/1985","siobhan@example.com","(555) 010-2001","Dr. Chen, Northside"\r\n' +
  '"Zoë","Ångström","11/02/1979","","555-010-2002",""\r\n' +
  '"Thị Lan","Nguyễn","07/30/2001","lan.nguyen@example.com","",""\r\n' +
  '"小龙","李","12/25/1990","","+1 555 010 2004",""\r\n'

/**
 * Issue 14: an admin imports the client list a practice brings from its old system, at the desk,
 * and sees the clients with the right dates of birth in the list afterwards.
 */
test('an admin imports a realistic export: columns matched, previewed, imported, and the list narrows to the new clients', async ({ desk, host, page }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const wizard = new ImportPage(page, desk)

  await wizard.chooseFile('clients-export.csv', Buffer.from(REALISTIC, 'utf8'))
  await expect(wizard.match('First name')).toHaveValue('First Name')
  await expect(wizard.match('Date of birth')).toHaveValue('Date of Birth')
  await expect(wizard.match('Phone')).toHaveValue('Mobile Phone')
  await expect(wizard.dialog.getByText('Not imported: “Referral”.')).toBeVisible()
  await desk.screenshot('import-2-match-columns')

  await wizard.next()
  await wizard.step('Preview')
  await expect(wizard.dialog.getByRole('status')).toHaveText('4 clients ready · 0 rows with problems · 0 likely duplicates')
  const preview = wizard.dialog.getByRole('table', { name: /as they will be saved/ })
  await expect(preview.getByRole('row', { name: /Siobhan O'Brien 1985-03-14/ })).toBeVisible()
  await expect(preview.getByRole('row', { name: /小龙 李 1990-12-25/ })).toBeVisible()
  await desk.screenshot('import-3-preview')

  await wizard.importAll(4)
  await desk.screenshot('import-4-done')
  const imported = await wizard.showImported()
  await expect(page.getByRole('status').filter({ hasText: 'imported clients' })).toHaveText('4 imported clients')
  for (const [name, born] of [["Siobhan O'Brien", 'Mar 14, 1985'], ['Zoë Ångström', 'Nov 2, 1979'], ['Thị Lan Nguyễn', 'Jul 30, 2001'], ['小龙 李', 'Dec 25, 1990']]) {
    await expect(imported.getByRole('button', { name: new RegExp(`^${name}`) })).toContainText(born!)
  }
  await desk.screenshot('import-5-imported-clients')

  // Back to the whole list: the new clients are found by search like any other, Zoë typed as staff type it.
  await page.getByRole('button', { name: 'Show all clients' }).click()
  await desk.searchFor('Zoë')
  await expect(desk.client('Zoë Ångström')).toBeVisible()
})

test('an ambiguous file asks once which way its dates go, with three of its dates shown both ways', async ({ desk, host, page }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const wizard = new ImportPage(page, desk)
  const file = 'Name,DOB\nAva Lee,03/04/1985\nBo Chan,05/06/1990\nCy Diaz,01/02/2000\n'
  await wizard.chooseFile('uk-clients.csv', Buffer.from(file))
  await expect(wizard.match('Full name (split into first and last)')).toHaveValue('Name')
  await wizard.next()
  await wizard.step('Dates of birth')
  const dayFirst = wizard.dialog.getByRole('radio', { name: /^Day first \(DD\/MM\/YYYY\): 03\/04\/1985 is April 3, 1985/ })
  await expect(wizard.dialog.getByRole('radio', { name: /^Month first \(MM\/DD\/YYYY\): 03\/04\/1985 is March 4, 1985/ })).toBeVisible()
  await desk.screenshot('import-dates-question')
  await dayFirst.check()
  await wizard.next()
  await wizard.step('Preview')
  await expect(wizard.dialog.getByRole('table', { name: /as they will be saved/ }).getByRole('row', { name: /Ava Lee 1985-04-03/ })).toBeVisible()
  await wizard.importAll(3)
})
