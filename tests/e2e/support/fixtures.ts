import { type ChildProcess, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { test as base } from '@playwright/test'
import { DeskPage } from '../page-models/desk-page'

const ROOT = resolve(__dirname, '../../..')

export interface DeskHost {
  url: string
  dbPath: string
}

/** Starts `npm run web`'s server (without rebuilding) on a free port with its own database file. */
async function startHost(dbPath: string, extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'build/web-host/index.ts'), '--port', '0', '--db', dbPath, ...extra], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The browser host did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => reject(new Error(`The browser host exited (${code}):\n${output}`)))
  })
  return { url, child }
}

/** Each test gets its own data folder, its own database with the demo practice, and its own host. */
export const test = base.extend<{ host: DeskHost; desk: DeskPage }>({
  host: async ({}, use, testInfo) => {
    const dbPath = testInfo.outputPath('portico.sqlite3')
    const { url, child } = await startHost(dbPath)
    await use({ url, dbPath })
    child.kill('SIGTERM')
  },
  desk: async ({ page, host }, use) => {
    const desk = new DeskPage(page)
    await page.goto(host.url)
    await use(desk)
  },
})

export { expect } from '@playwright/test'
