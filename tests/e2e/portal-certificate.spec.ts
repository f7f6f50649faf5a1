import { writeFileSync } from 'node:fs'
import { selfSignedCertificate, strayKey } from '../support/self-signed'
import { addAdmin, expect, test } from './support/fixtures'
import { freePort } from '../support/free-port'

test('Settings → Client portal warns that traffic is unencrypted until a certificate is added; then the portal serves HTTPS', async ({ desk, page, host, browser }, testInfo) => {
  const tls = selfSignedCertificate(testInfo.outputPath())
  const wrongKey = testInfo.outputPath('wrong-key.pem')
  writeFileSync(wrongKey, strayKey())
  const admin = await addAdmin(host.dbPath)
  await desk.switchUser(admin.username, admin.password)
  await desk.mainNav.getByRole('link', { name: 'Settings' }).click()
  const section = page.getByRole('region', { name: 'Client portal' })
  const encryption = section.getByRole('group', { name: 'Encryption (HTTPS)' })
  const warning = encryption.getByRole('note', { name: 'Unencrypted traffic' })
  await expect(warning).toContainText('Traffic on the office network is not encrypted.')
  await expect(warning).toContainText('add a certificate and its private key')

  const port = await freePort()
  await section.getByRole('spinbutton', { name: 'Port' }).fill(String(port))
  await section.getByRole('switch', { name: 'Let clients use the portal from this computer' }).click()
  await expect(section).toContainText(`http://127.0.0.1:${port}`)
  await warning.scrollIntoViewIfNeeded()
  await desk.screenshot('desk-settings-portal-unencrypted')

  // A key that isn't the certificate's is refused under its own field, and nothing changes.
  await encryption.getByLabel('Certificate file').setInputFiles(tls.certPath)
  await encryption.getByLabel('Private key file').setInputFiles(wrongKey)
  await encryption.getByRole('button', { name: 'Use this certificate' }).click()
  await expect(encryption.getByText('That private key does not belong to that certificate.', { exact: false })).toBeVisible()
  await expect(warning).toBeVisible()
  await desk.screenshot('desk-settings-portal-wrong-key')

  await encryption.getByLabel('Private key file').setInputFiles(tls.keyPath)
  await encryption.getByRole('button', { name: 'Use this certificate' }).click()
  await expect(encryption.getByRole('status')).toHaveText('Saved. The client portal now uses HTTPS.')
  await expect(warning).toHaveCount(0)
  await expect(encryption).toContainText('Encrypted.')
  await expect(encryption).toContainText('localhost, 127.0.0.1')
  await expect(section).toContainText(`https://127.0.0.1:${port}`)
  await encryption.scrollIntoViewIfNeeded()
  await desk.screenshot('desk-settings-portal-https')

  // A client's browser reaches the portal over HTTPS, with HSTS and Secure cookies.
  const client = await browser.newContext({ ignoreHTTPSErrors: true })
  const clientPage = await client.newPage()
  const answer = await clientPage.goto(`https://127.0.0.1:${port}/sign-in`)
  expect(answer?.headers()['strict-transport-security']).toBe('max-age=15552000')
  await expect(clientPage.getByRole('button', { name: 'Sign in' })).toBeVisible()
  expect((await client.cookies()).find((c) => c.name === '_csrf')).toMatchObject({ secure: true })
  await client.close()

  await encryption.getByRole('button', { name: 'Remove certificate' }).click()
  await expect(encryption.getByRole('status')).toHaveText('Certificate removed. The client portal now uses plain HTTP.')
  await expect(warning).toBeVisible()
  await expect(section).toContainText(`http://127.0.0.1:${port}`)
})
