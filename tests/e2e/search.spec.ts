import { expect, test } from './support/fixtures'

test.describe('finding a client', () => {
  test('type-ahead finds clients by name, portal username, email or phone', async ({ desk }) => {
    await desk.searchFor('ngu')
    await expect(desk.client('Ava Nguyen')).toBeVisible()
    await desk.searchFor('samrivera')
    await expect(desk.clientList.getByRole('button')).toHaveCount(1)
    await expect(desk.client('Sam Rivera')).toBeVisible()
    await desk.searchFor('joe.fake1@example')
    await expect(desk.clientList.getByRole('button')).toHaveCount(1)
    await expect(desk.client('Joe Fake')).toBeVisible()
    await desk.searchFor('101-0037')
    await expect(desk.client('Joe Fake')).toBeVisible()
  })

  test('a search with no match says so, and clearing it brings the list back', async ({ desk, page }) => {
    await desk.searchFor('zzqx')
    await expect(page.getByText(/No clients match/)).toBeVisible()
    await desk.searchFor('')
    await expect(desk.clientList.getByRole('button')).toHaveCount(200)
  })
})
