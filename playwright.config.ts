import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, findChromium } from './tests/e2e/support/chromium'

/**
 * E2E: real Chromium against the browser host (`npm run web`'s server), one fresh database per test.
 * The renderer must be built first (`npm run build`; `npm test` does it).
 */
export default defineConfig({
  outputDir: 'test-results/e2e',
  fullyParallel: true,
  // Two, not three: with three on a busy 2-core machine (load 10-12, 2026-12-06) plain desk tests
  // took 30-88 s of their 90 s budget, most of it each test's own host starting (tsx, migrations,
  // the demo's two password hashes: 15-23 s alone under that load).
  workers: 2,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  forbidOnly: true,
  reporter: [['list'], ['./tests/support/skip-reasons-reporter.ts']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // The Electron specs live under tests/e2e/electron but belong to their own project only.
    { name: 'desk', testDir: 'tests/e2e', testIgnore: /\.(portal|electron)\.spec\.ts$/, use: { viewport: { width: 1366, height: 860 } } },
    // The client half of the article, at a desktop width and a phone width (Chromium, not WebKit).
    // Specs of server behaviour whose screens the other specs already show at both widths run at one
    // width only (they were a third of the portal's E2E time): the lockout and the shared tablet on
    // the phone, where clients meet them, and HTTPS at the desktop width.
    {
      name: 'portal-desktop',
      testDir: 'tests/e2e',
      testMatch: /\.portal\.spec\.ts$/,
      testIgnore: /\/(lockout|shared-tablet)\.portal\.spec\.ts$/,
      use: { viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'portal-phone',
      testDir: 'tests/e2e',
      testMatch: /\.portal\.spec\.ts$/,
      testIgnore: /\/portal-https\.portal\.spec\.ts$/,
      use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
    },
    // `npm run test:electron`: needs the real Electron binary and a display (xvfb-run on Linux CI);
    // skipped with its reason where the binary is missing. Not part of `npm test`'s browser run.
    { name: 'electron', testDir: 'tests/e2e/electron', testMatch: /\.electron\.spec\.ts$/, timeout: 60_000 },
  ],
})
