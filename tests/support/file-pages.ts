import { closeSync, openSync, readSync, writeSync } from 'node:fs'
import { readDatabase } from './database'

/**
 * Edits one leaf page of a table or index in a SQLite file itself, as a failing disk would: the
 * first leaf page `edit` accepts (it returns false to pass a page over) is written back. Call it
 * with everything committed in the main file (a WAL would hide the edit).
 */
export function editLeafPage(path: string, name: string, edit: (page: Buffer) => boolean | void): void {
  const { pages, pageSize } = readDatabase(path, (db) => ({
    pages: db.prepare(`select pageno from dbstat where name = ? and pagetype = 'leaf'`).pluck().all(name) as number[],
    pageSize: db.pragma('page_size', { simple: true }) as number,
  }))
  const fd = openSync(path, 'r+')
  try {
    for (const pageno of pages) {
      const page = Buffer.alloc(pageSize)
      readSync(fd, page, 0, pageSize, (pageno - 1) * pageSize)
      if (edit(page) === false) continue
      writeSync(fd, page, 0, pageSize, (pageno - 1) * pageSize)
      return
    }
    throw new Error(`No leaf page of ${name} took the edit.`)
  } finally {
    closeSync(fd)
  }
}
