import { spawn } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'

const ROOT = resolve(__dirname, '../../..')

export interface EmptyHost {
  url: string
  dbPath: string
  stop: () => Promise<void>
}

/**
 * A desk host on a brand-new database with no practice and no staff (`npm run web -- --empty`),
 * so the desk opens on "Set up Portico". Started the way the `host` fixture starts its server.
 */
export async function startEmptyHost(dbPath: string): Promise<EmptyHost> {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'build/web-host/index.ts'), '--port', '0', '--db', dbPath, '--empty'],
    // The audit chain's heads go to the test's own folder, never the user's config folder.
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PORTICO_ANCHOR_DIR: join(dirname(dbPath), 'audit-anchors') } },
  )
  let output = ''
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The empty host did not start:\n${output}`)), 20_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /ready at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolveUrl(match[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`The empty host exited (${String(code)}):\n${output}`))
    })
  })
  return {
    url,
    dbPath,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
