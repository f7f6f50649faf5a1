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
    await desk.searchFor('+1 415 555 0137')
    await expect(desk.client('Joe Fake')).toBeVisible()
  })

  test('a search with no match says so, and clearing it brings the list back', async ({ desk, page }) => {
    await desk.searchFor('zzqx')
    await expect(page.getByText(/No clients match/)).toBeVisible()
    await desk.searchFor('')
    await expect(page.getByRole('status').filter({ hasText: /^200 clients$/ })).toBeVisible()
    // Only the rows in view are drawn; the first client in name order is among them.
    const drawn = await desk.clientList.getByRole('button').count()
    expect(drawn).toBeGreaterThan(5)
    expect(drawn).toBeLessThan(40)
  })
})
