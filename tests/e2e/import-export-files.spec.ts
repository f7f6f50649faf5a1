import { readFileSync } from 'node:fs'
import type { Download } from '@playwright/test'
import { ImportPage } from './page-models/import-page'
import { addAdmin, expect, test } from './support/fixtures'

/** A downloaded file's text, exactly as saved (a BOM is kept, not stripped). */
async function savedText(download: Download): Promise<string> {
  return readFileSync((await download.path())!).toString('utf8')
}

/** Issue 14: a practice can always leave with its data, in a CSV Excel opens right. */
test('Export clients… downloads every client as CSV: UTF-8 with a BOM, the import’s columns, portal username and state', async ({ desk, host, page }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export clients…' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^portico-clients-\d{4}-\d{2}-\d{2}\.csv$/)
  const told = page.getByRole('status').filter({ hasText: /^Exported / })
  await expect(told).toHaveText(/^Exported [\d,]+ clients to portico-clients-\d{4}-\d{2}-\d{2}\.csv\.$/)
  await desk.screenshot('export-clients-done')
  const rows = Number((/^Exported ([\d,]+) /.exec((await told.textContent())!)![1]!).replace(/,/g, ''))

  const text = await savedText(download)
  expect(text.startsWith('\uFEFF')).toBe(true)
  const lines = text.slice(1).split(/\r?\n/).filter((line) => line !== '')
  expect(lines[0]).toBe('first_name,last_name,preferred_name,date_of_birth,email,phone,status,portal_username,portal_state')
  expect(rows).toBeGreaterThan(0)
  expect(lines).toHaveLength(rows + 1)
  // Every client row has a real date of birth and a status where the import reads them.
  for (const line of lines.slice(1, 21)) expect(line).toMatch(/^[^,]+,[^,]+,[^,]*,\d{4}-\d{2}-\d{2},[^,]*,[^,]*,(active|inactive),/)
})

test('a file with problems shows them in the preview, and Download the problems gives them as CSV by line and field', async ({ desk, host, page }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const wizard = new ImportPage(page, desk)
  const file = 'First Name,Last Name,Date of Birth,Email\nAva,Lee,1985-03-04,ava@example.com\nBo,,1990-05-06,\nCy,Diaz,2000-02-31,not-an-email\n'
  await wizard.chooseFile('old-system.csv', Buffer.from(file))
  await wizard.next()
  await wizard.step('Preview')
  await expect(wizard.dialog.getByRole('status')).toHaveText('1 client ready · 2 rows with problems · 0 likely duplicates')
  await expect(wizard.dialog.getByRole('button', { name: 'Import 1 client' })).toBeDisabled()
  await desk.screenshot('import-problems-preview')

  const downloading = page.waitForEvent('download')
  await wizard.dialog.getByRole('button', { name: 'Download the problems (CSV)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('import-problems-old-system.csv')
  const text = await savedText(download)
  expect(text.startsWith('\uFEFF')).toBe(true)
  const lines = text.slice(1).split('\r\n').filter((line) => line !== '')
  expect(lines[0]).toBe('line,field,problem')
  // Line 3 (Bo) has no last name; line 4 (Cy) has a date that doesn't exist and an email that isn't one.
  expect(lines.slice(1).map((line) => line.split(',').slice(0, 2).join(','))).toEqual(expect.arrayContaining(['3,Last name', '4,Date of birth', '4,Email']))
})

test('Cancel during a large import keeps nothing: the list is as it was', async ({ desk, host, page }) => {
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  const wizard = new ImportPage(page, desk)
  const rows = Array.from({ length: 100_000 }, (_, i) => `Cancelled${String(i)},Quixote,1980-01-${String((i % 28) + 1).padStart(2, '0')}`)
  await wizard.chooseFile('many.csv', Buffer.from(`first_name,last_name,date_of_birth\n${rows.join('\n')}\n`))
  await wizard.next()
  await wizard.step('Preview')
  await wizard.dialog.getByRole('button', { name: 'Import 100,000 clients' }).click()
  await wizard.step('Importing')
  // Under way: some clients written, not all (100,000 take several seconds, time enough to cancel).
  await expect(wizard.dialog.getByRole('status')).toHaveText(/^(?!0 of)[\d,]+ of 100,000 clients written\./, { timeout: 30_000 })
  await desk.screenshot('import-cancel-under-way')
  await wizard.dialog.getByRole('button', { name: 'Cancel import' }).click()
  await wizard.step('Preview')
  await expect(wizard.dialog.getByRole('alert')).toHaveText('The import was cancelled. No client was imported.')
  await desk.screenshot('import-cancelled')
  await wizard.dialog.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(wizard.dialog).toBeHidden()
  await desk.searchFor('Quixote')
  await expect(page.getByRole('button', { name: /^Cancelled\d+ Quixote/ })).toHaveCount(0)
  await expect(page.getByText(/No clients match/)).toBeVisible()
})
