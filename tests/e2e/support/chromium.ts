import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

/** Flags that keep Chromium quiet on a closed network and usable as root in CI. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The browser the E2E suite drives: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then
 * Playwright's own download. With none of them, stop with a message that says how to get one.
 */
export function findChromium(): string {
  const candidates = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser']
  for (const path of candidates) if (path && existsSync(path)) return path
  let bundled: string
  try {
    bundled = chromium.executablePath()
  } catch {
    bundled = ''
  }
  if (bundled && existsSync(bundled)) return bundled
  throw new Error(
    'No Chromium found for the E2E tests. Install one (Debian/Ubuntu: "sudo apt-get install -y chromium"), ' +
      'or set CHROMIUM_PATH to a Chromium or Chrome binary, or run "npx playwright install chromium".',
  )
}
