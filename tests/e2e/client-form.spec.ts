import { expect, test } from './support/fixtures'

test.describe('adding and editing clients', () => {
  test('bad details get a message beside each field, keep what was typed, and save once fixed', async ({ desk, page }) => {
    await desk.button('New client').click()
    await desk.field('First name').fill('Mere')
    await desk.field('Email').fill('mere-at-example')
    await desk.field('Phone').fill('12')
    await desk.button('Save').click()

    await expect(page.getByText('Enter a last name.')).toBeVisible()
    await expect(page.getByText('Enter a date of birth.')).toBeVisible()
    await expect(page.getByText('Enter an email address like name@example.com, or leave it empty.')).toBeVisible()
    await expect(page.getByText('A phone number has 7 to 15 digits.')).toBeVisible()
    await expect(desk.field('Email')).toHaveAttribute('aria-invalid', 'true')
    await expect(desk.field('First name')).toHaveValue('Mere')
    await expect(desk.field('Email')).toHaveValue('mere-at-example')
    await desk.screenshot('desk-new-client-errors')

    await desk.field('Last name').fill('Tāwhiri')
    await desk.field('Preferred name').fill('Mer')
    await desk.field('Date of birth').fill('1988-09-30')
    await desk.field('Email').fill('mere@example.com')
    await desk.field('Phone').fill('+64 21 555 0188')
    await desk.button('Save').click()

    await expect(desk.profileHeading('Mere Tāwhiri')).toBeVisible()
    await expect(desk.panel).toContainText('No portal account yet')
    await desk.searchFor('tāwhiri')
    await expect(desk.client('Mere Tāwhiri')).toBeVisible()
    await page.reload()
    await desk.openClient('Mere Tāwhiri')
    await expect(desk.profile.getByText('mere@example.com')).toBeVisible()
  })

  test('editing a client changes their details and nothing else', async ({ desk }) => {
    await desk.openClient('Joe Fake')
    await desk.button('Edit details').click()
    await expect(desk.field('First name')).toHaveValue('Joe')
    await desk.field('Phone').fill('(555) 010-2020')
    await desk.field('Email').fill('broken@')
    await desk.button('Save').click()
    await expect(desk.field('Email')).toHaveAttribute('aria-invalid', 'true')
    await expect(desk.field('Phone')).toHaveValue('(555) 010-2020')
    await desk.field('Email').fill('joe@example.org')
    await desk.button('Save').click()
    await expect(desk.profile.getByText('joe@example.org')).toBeVisible()
    await expect(desk.profile.getByText('(555) 010-2020')).toBeVisible()
    await expect(desk.panel).toContainText('joefake')
    await desk.screenshot('desk-joe-edited')
  })

  test('Escape closes the form without saving, and the keyboard goes back to the client', async ({ desk, page }) => {
    await desk.openClient('Joe Fake')
    await desk.button('Edit details').click()
    await desk.field('First name').fill('Joseph')
    await page.keyboard.press('Escape')
    await expect(desk.profileHeading('Joe Fake')).toBeFocused()
    await expect(desk.field('First name')).toHaveCount(0)
    // Nothing was saved.
    await page.reload()
    await desk.openClient('Joe Fake')
  })

  test('a client can be marked inactive', async ({ desk }) => {
    await desk.openClient('Ava Nguyen')
    await desk.button('Mark inactive').click()
    await expect(desk.button('Mark active')).toBeVisible()
    await expect(desk.client('Ava Nguyen')).toContainText('Inactive')
  })
})
