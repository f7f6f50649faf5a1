import { join } from 'node:path'
import { afterEach, expect, test } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import { type DeskRuntime, createDeskRuntime } from '../../electron/main/runtime'
import { practiceFileForDesk } from '../support/desk-on-file'
import { TEST_ADMIN, tempDir } from '../support/temp-db'

/**
 * Issue 12, "Two desks on one file": a practice that puts its file on a shared folder and opens it
 * from two computers. Data held, but nothing told anyone this is not a supported way to share a
 * practice. Each desk now says it has the file open (a small file of its own beside the database,
 * written again every few seconds), and both are told of the other, by computer name, until one
 * closes. Two desk runtimes here, with two computer names, on one real file.
 */
let folder: ReturnType<typeof tempDir>
const desks: DeskRuntime[] = []
afterEach(async () => {
  for (const desk of desks.splice(0)) await desk.dispose().catch(() => undefined)
  folder.cleanup()
})

test('two computers with one practice file open are each told of the other, until one closes it', async () => {
  folder = tempDir()
  const { path, rendererDir } = await practiceFileForDesk(folder.dir)
  const start = async (workstation: string) => {
    const desk = await createDeskRuntime({ dbPath: path, deskDir: join(folder.dir, workstation), workstation, rendererDir, portalHost: '127.0.0.1', log: () => {}, presenceEveryMs: 100 })
    desk.ctx.session.staff = TEST_ADMIN
    desks.push(desk)
    return desk
  }
  const warning = async (desk: DeskRuntime) => {
    const answer = await dispatch(handlers, desk.ctx, 'getSession', {}, { trusted: true }, () => {})
    return answer.ok ? (answer.value as { sharedFileWarning: string | null }).sharedFileWarning : `refused: ${answer.error.code}`
  }

  const front = await start('FRONT-DESK')
  expect(await warning(front)).toBeNull()
  const billing = await start('BILLING-PC')
  // The desk that opens second is told at once; the first at its next look.
  expect(await warning(billing)).toMatch(/^Another computer \(FRONT-DESK\) has this practice’s file open too\. A file on a shared folder is not a supported way/)
  await expect.poll(() => warning(front), { timeout: 5_000 }).toMatch(/^Another computer \(BILLING-PC\) has this practice’s file open too/)
  // Nobody signed in is told nothing; the warning is for the people at the desk.
  front.ctx.session.staff = null
  expect(await warning(front)).toBeNull()
  front.ctx.session.staff = TEST_ADMIN

  await billing.dispose()
  desks.splice(desks.indexOf(billing), 1)
  await expect.poll(() => warning(front), { timeout: 5_000 }).toBeNull()
})
