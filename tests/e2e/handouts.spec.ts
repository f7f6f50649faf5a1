import type { Locator, Page } from '@playwright/test'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { expect, setPracticeDetails, test } from './support/fixtures'

const HARBOUR = { name: 'Harbour Physio', phone: '+64 9 555 0142', publicAddress: 'https://portal.harbourphysio.example' }
const CODE = /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/

/** The URL a QR code on the page holds, read back from a screenshot of it as a phone's camera would. */
async function readQr(qr: Locator): Promise<string | null> {
  const png = PNG.sync.read(await qr.screenshot())
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null
}

/** How many pages a PDF has: one `/Type /Page` object each (not the `/Pages` tree). */
const pageCount = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0

/** The handout as it prints on a sheet of `format`: its page count, and a picture of it to look at. */
async function printOn(page: Page, format: 'A4' | 'Letter', name: string): Promise<number> {
  const pdf = await page.pdf({ format })
  const size = format === 'A4' ? { width: 794, height: 1123 } : { width: 816, height: 1056 }
  const viewport = page.viewportSize()
  await page.emulateMedia({ media: 'print' })
  await page.setViewportSize(size)
  await page.screenshot({ path: `test-results/screenshots/${name}.png` })
  await page.emulateMedia({ media: 'screen' })
  if (viewport) await page.setViewportSize(viewport)
  return pageCount(pdf)
}

test.describe('handouts for clients', () => {
  test('an invite handout speaks to the client, asks for their date of birth, says in words until when it works, and its QR code opens the activation page with the code', async ({ desk, page, host }) => {
    await setPracticeDetails(host.dbPath, HARBOUR)
    await desk.openClient('Ava Nguyen')
    await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    const handout = desk.inviteDialog.getByRole('region', { name: 'Handout for the client' })
    const code = (await handout.getByLabel('One-time code').innerText()).trim()
    expect(code).toMatch(CODE)

    await expect(handout).toContainText('Harbour Physio')
    await expect(handout).toContainText('+64 9 555 0142')
    await expect(handout).toContainText('Use this code to set up your account on Harbour Physio’s client portal.')
    await expect(handout).toContainText('your date of birth')
    await expect(handout).toContainText(/This code works until (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),? .+ at \d{1,2}:\d{2}/)
    await expect(handout).toContainText('https://portal.harbourphysio.example/activate')
    // Written to "you": the client is never "the client" (the client portal is its name).
    await expect(handout).not.toContainText(/the client(?! portal)/)
    await expect(handout).not.toContainText('127.0.0.1')

    const qr = handout.getByRole('img', { name: /QR code: opens the activation page/ })
    expect(await readQr(qr)).toBe(`https://portal.harbourphysio.example/activate?code=${code}`)
    await desk.screenshot('desk-invite-handout')

    // One clean page on A4 and on US Letter.
    expect(await printOn(page, 'A4', 'handout-invite-a4')).toBe(1)
    expect(await printOn(page, 'Letter', 'handout-invite-letter')).toBe(1)
  })

  test('a reset handout asks for the client’s username, says it works once, and its QR code opens the reset page with the code', async ({ desk, page, host }) => {
    await setPracticeDetails(host.dbPath, HARBOUR)
    await desk.openClient('Joe Fake')
    await desk.panel.getByRole('button', { name: 'Send Password Reset' }).click()
    const dialog = page.getByRole('dialog', { name: /Password reset for Joe Fake/ })
    const handout = dialog.getByRole('region', { name: 'Handout for the client' })
    const code = (await handout.getByLabel('One-time code').innerText()).trim()
    expect(code).toMatch(CODE)

    await expect(handout).toContainText('Use this code to choose a new password for Harbour Physio’s client portal.')
    await expect(handout).toContainText('your username: joefake')
    await expect(handout).toContainText(/This code works until .+ at \d{1,2}:\d{2}.*, and only once\./)
    const qr = handout.getByRole('img', { name: /QR code: opens the password reset page/ })
    expect(await readQr(qr)).toBe(`https://portal.harbourphysio.example/reset-password?code=${code}`)
    expect(await printOn(page, 'A4', 'handout-reset-a4')).toBe(1)
    expect(await printOn(page, 'Letter', 'handout-reset-letter')).toBe(1)
  })

  test('without a public address the handout says to ask the practice for the link, has no QR code, and staff are told where to set one', async ({ desk, page, host }) => {
    await setPracticeDetails(host.dbPath, { ...HARBOUR, publicAddress: 'http://127.0.0.1:5181' })
    await desk.openClient('Ava Nguyen')
    await desk.panel.getByRole('button', { name: 'Send Portal Invite' }).click()
    const handout = desk.inviteDialog.getByRole('region', { name: 'Handout for the client' })
    await expect(handout).toContainText('Ask Harbour Physio for the link to the client portal (call +64 9 555 0142), then enter this code there.')
    await expect(handout).not.toContainText('127.0.0.1')
    await expect(handout.getByRole('img', { name: /QR code/ })).toHaveCount(0)
    await expect(desk.inviteDialog).toContainText('An admin can set the address clients use under Settings → Practice.')
    await desk.screenshot('desk-invite-handout-no-address')
    expect(await printOn(page, 'A4', 'handout-invite-no-address-a4')).toBe(1)
  })
})
