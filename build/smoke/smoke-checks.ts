import type { Page } from '@playwright/test'
import { contract } from '../../shared/contract'

/** The methods `window.api` must have: exactly the contract's, no more (shared/contract.ts). */
export const CONTRACT_METHODS: readonly string[] = Object.keys(contract).sort()

/** One check's outcome, as printed. */
export interface SmokeStep {
  name: string
  ok: boolean
  detail?: string
}

/** The differences between the page's `window.api` keys and the contract's, in words; empty when equal. */
export function apiDifferences(keys: readonly string[], expected: readonly string[] = CONTRACT_METHODS): string[] {
  const missing = expected.filter((key) => !keys.includes(key))
  const extra = keys.filter((key) => !expected.includes(key))
  return [...(missing.length ? [`missing: ${missing.join(', ')}`] : []), ...(extra.length ? [`not in the contract: ${extra.join(', ')}`] : [])]
}

/**
 * What the release workflow proves about the installed desk, on a fresh data folder: the page's
 * address, its bridge, the first-run setup screen, and SQLite working from the package (the demo
 * practice is created and a client opened). Stops at the first failure; each step is reported.
 */
export async function checkDesk(page: Page, expectedUrl: string, timeoutMs: number): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = []
  const step = async (name: string, run: () => Promise<string | void>): Promise<boolean> => {
    try {
      const problem = await run()
      steps.push(problem ? { name, ok: false, detail: problem } : { name, ok: true })
      return !problem
    } catch (error) {
      steps.push({ name, ok: false, detail: error instanceof Error ? error.message.split('\n')[0] : String(error) })
      return false
    }
  }
  const t = { timeout: timeoutMs }
  if (!(await step('the page is the desk', async () => (page.url() === expectedUrl ? undefined : `the page is ${page.url()}, expected ${expectedUrl}`)))) return steps
  const apiOk = await step('window.api has exactly the contract’s methods, all functions', async () => {
    // The page may be found before its scripts ran (the preload, or the browser host's bridge).
    await page.waitForLoadState('load', t)
    await page.waitForFunction(() => 'api' in globalThis, undefined, t).catch(() => undefined)
    const seen = await page.evaluate(() => {
      const api = (globalThis as Record<string, unknown>)['api'] as Record<string, unknown> | undefined
      return api ? { keys: Object.keys(api).sort(), functions: Object.values(api).every((v) => typeof v === 'function') } : null
    })
    if (!seen) return 'window.api is missing'
    const differences = apiDifferences(seen.keys)
    if (!seen.functions) differences.push('some members are not functions')
    return differences.join('; ') || undefined
  })
  if (!apiOk) return steps
  const demo = page.getByRole('button', { name: 'Use the demo practice' })
  if (!(await step('the setup screen appears on a fresh data folder', () => demo.waitFor(t)))) return steps
  let password = ''
  const created = await step('the demo practice is created', async () => {
    await demo.click()
    const shown = await page.getByRole('status').filter({ hasText: 'demo.admin' }).innerText(t)
    password = /password (\S+)/.exec(shown)?.[1] ?? ''
    if (!password) return 'no demo password was shown'
    await page.getByRole('button', { name: 'Continue to sign in' }).click(t)
  })
  if (!created) return steps
  await step('Joe Fake opens, with his portal username', async () => {
    await page.getByRole('textbox', { name: 'Username' }).fill('demo.admin', t)
    await page.getByLabel('Password', { exact: true }).fill(password, t)
    await page.getByRole('button', { name: 'Sign in', exact: true }).click(t)
    const list = page.getByRole('list', { name: 'Clients' })
    await page.getByRole('searchbox', { name: 'Search clients' }).fill('joe fake', t)
    await list.getByRole('button', { name: /^Joe Fake\b/ }).click(t)
    const panel = page.getByRole('region', { name: 'Client Portal Access' })
    await panel.getByText('joefake').first().waitFor(t)
  })
  return steps
}
