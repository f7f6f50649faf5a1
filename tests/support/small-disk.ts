import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A 2 MiB tmpfs of the test's own, to fill up: a full disk made for real. Needs root; otherwise
 * (or where mounting is not allowed) the reason to skip, in words for the test's name.
 */
export function mountSmallDisk(): { dir: string; unmount: () => void } | string {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs needs root'
  const dir = mkdtempSync(join(tmpdir(), 'portico-full-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' })
  } catch {
    rmSync(dir, { recursive: true, force: true })
    return 'this machine does not allow mounting a tmpfs'
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', [dir], { stdio: 'ignore' })
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
