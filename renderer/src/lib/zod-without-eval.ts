import { z } from 'zod'

/**
 * Zod compiles fast parsers with `new Function` once it has checked that it may. The pages'
 * Content-Security-Policy forbids eval, so that check itself was a CSP violation on every page
 * (Chromium's Issues panel; Lighthouse's best practices). Imported first by each page.
 */
z.config({ jitless: true })
