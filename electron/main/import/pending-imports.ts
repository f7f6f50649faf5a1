import { randomUUID } from 'node:crypto'
import type { ClientImportRow } from '../../../db/import/check-client-row'
import type { LikelyDuplicate } from '../../../db/import/find-duplicates'
import { AppError } from '../app-error'
import type { DeskSession } from '../context'

/** A checked file main holds for one desk between "Check" and "Import": the renderer only names it by token. */
export interface PendingImport {
  token: string
  fileName: string
  /** The admin who checked it: only they may import it. */
  staffId: number
  rows: ClientImportRow[]
  duplicates: LikelyDuplicate[]
  progress: { done: number; total: number; running: boolean }
  cancel: AbortController | null
}

/** One pending import per desk session: checking another file replaces it; signing out forgets it with the session. */
const pending = new WeakMap<DeskSession, PendingImport>()

/** Holds `rows` for this desk, replacing any earlier file that isn't being imported right now. */
export function holdImport(session: DeskSession, staffId: number, fileName: string, rows: ClientImportRow[], duplicates: LikelyDuplicate[]): string {
  if (pending.get(session)?.progress.running) throw new AppError('CONFLICT', 'An import is still running at this desk. Wait for it to finish, or cancel it.')
  const token = randomUUID()
  pending.set(session, { token, fileName, staffId, rows, duplicates, progress: { done: 0, total: rows.length, running: false }, cancel: null })
  return token
}

/** The import this token names, held for this admin; a plain refusal when it is gone. */
export function heldImport(session: DeskSession, token: string, staffId: number | undefined): PendingImport {
  const held = pending.get(session)
  if (!held || held.token !== token || held.staffId !== staffId) {
    throw new AppError('NOT_FOUND', 'That file is no longer ready to import (another file was checked, or it was imported already). Choose the file again.')
  }
  return held
}

/** Forgets the held rows once they are imported (or the admin leaves), so the file can't be imported twice. */
/** Whether this desk session's import is being written now (its reads' audit events wait for it meanwhile). */
export const importRunning = (session: DeskSession): boolean => pending.get(session)?.progress.running === true

export function forgetImport(session: DeskSession, token: string): void {
  if (pending.get(session)?.token === token) pending.delete(session)
}
