import type { Kysely } from 'kysely'
import { appendAudit } from '../repositories/audit.repository'
import { getSetting, putSetting } from '../repositories/settings.repository'
import type { Database } from '../schema'
import type { AnchorStore } from './chain-head'
import { AuditKeyFileError, ChainKey } from './chain-key'
import { chainSealOf } from './chain-seal'
import { type HeadRecorder, startHeadRecorder } from './head-recorder'
import type { KeyStore } from './key-store'
import { type ChainReport, verifyAuditChain } from './verify-chain'

/** Where a desk or host keeps practices' keys and chain heads. */
export interface AuditTrailStores {
  keys: KeyStore
  anchors: AnchorStore
}

/** The chain is keyed and this computer doesn't have the key: Portico can't record anything honestly. */
export class AuditKeyUnavailableError extends Error {
  constructor(
    readonly practiceId: string | null,
    where: string,
  ) {
    super(
      `This practice’s audit trail is keyed, and this computer does not have the practice’s audit key${practiceId ? ` (practice ${practiceId})` : ''}. ` +
        `Portico looked in ${where}. Put the practice’s key file (portico.audit-key, exported where the practice was set up) there, or give it with --key, then start Portico again. Nothing was changed.`,
    )
    this.name = 'AuditKeyUnavailableError'
  }
}

export interface OpenedAuditTrail {
  practiceId: string | null
  report: ChainReport
  /** Everything wrong with the trail, in plain words for admins; null when all is well. */
  warning: string | null
  /** The trail's guards are missing, so the database refuses writes (see `AuditChainSeal`). */
  writesRefused: boolean
  /** Records the head once more and stops recording; call before closing the database. */
  close(): Promise<void>
  /** Records the head now (before a backup, say). */
  flush(): Promise<void>
}

const firstKeyedId = async (db: Kysely<Database>) =>
  (await db.selectFrom('audit_events').select('id').where('key_id', 'is not', null).orderBy('id').limit(1).executeTakeFirst())?.id ?? null

/** Keys the chain from here on: a new practice id if it has none, and a first keyed event that says so. */
async function keyTheChain(db: Kysely<Database>, key: ChainKey, newPracticeId: boolean, workstation: string, at: Date): Promise<void> {
  const seal = chainSealOf(db)!
  seal.key = key
  try {
    await db.transaction().execute(async (trx) => {
      // Under the write lock: another process opening the same file may have keyed it meanwhile.
      if ((await firstKeyedId(trx)) !== null) throw new Error('The audit trail was keyed by another Portico at the same moment. Start Portico again.')
      const before = await trx.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      if (newPracticeId) await putSetting(trx, 'practice.id', key.practiceId)
      await appendAudit(trx, {
        actor: { type: 'system', name: 'portico', workstation },
        at: at.toISOString(),
        action: 'audit.chain.keyed',
        clientId: null,
        outcome: 'success',
        detail: { practiceId: key.practiceId, keyId: key.keyId, unkeyedEvents: Number(before.n) },
      })
    })
  } catch (error) {
    seal.key = null
    throw error
  }
}

/**
 * Opens the audit trail of a database that is about to be written to, and checks it. The first
 * time a practice is opened by a keyed Portico, it gets an id and a key (kept in `stores.keys`,
 * never in the database) and its chain goes on keyed from that event; events before stay as
 * they were, checked with the public formula. From then on the key must be there: without it
 * nothing is recorded (`AuditKeyUnavailableError`).
 *
 * Then the whole chain is checked against the head recorded outside the database, and the
 * database's practice id against the one this computer recorded for the file. When all holds, the
 * head is recorded now and after every append (within a second); when not, the recorded head is
 * left as it was, so the finding stays until someone deals with it, and `warning` says what is
 * wrong. `restored`: a backup was just put in place on purpose, so its head replaces the recorded one.
 */
export async function openAuditTrail(
  db: Kysely<Database>,
  options: { dbPath: string; stores: AuditTrailStores; workstation: string; now?: () => Date; log?: (line: string) => void; restored?: boolean },
): Promise<OpenedAuditTrail> {
  const { stores, dbPath, restored = false } = options
  const now = options.now ?? (() => new Date())
  const log = options.log ?? (() => {})
  const seal = chainSealOf(db)
  if (!seal) throw new Error('This database was not opened through openDatabase.')
  const problems: string[] = []
  /** Faults that weaken the evidence without being evidence of tampering. */
  const notices: string[] = []

  const claimed = (await getSetting(db, 'practice.id')) || null
  const remembered = stores.anchors.practiceOf(dbPath)
  if (remembered && claimed !== remembered && !restored) {
    problems.push(
      claimed
        ? `This database now says it belongs to practice ${claimed}, but this computer recorded it as practice ${remembered}: its practice id was changed outside Portico.`
        : `This database’s practice id was removed outside Portico (this computer recorded it as practice ${remembered}).`,
    )
  }
  let practiceId = restored ? (claimed ?? remembered) : (remembered ?? claimed)
  const anchor = practiceId && !restored ? stores.anchors.read(practiceId) : null
  let key = practiceId ? await stores.keys.load(practiceId) : null
  const keyedFrom = await firstKeyedId(db)

  if (keyedFrom === null && claimed) {
    problems.push('This database’s audit trail was keyed (it has a practice id), yet no event carries the key: the keyed events were removed.')
  } else if (keyedFrom === null && !anchor?.head.keyedFrom && !seal.refusal && problems.length === 0) {
    // First opened by a keyed Portico (or keyed with a key saved just before a crash): key it now.
    const candidate = key ?? ChainKey.generate(practiceId ?? undefined)
    try {
      if (!key) await stores.keys.save(candidate)
      key = candidate
      practiceId = candidate.practiceId
      await keyTheChain(db, candidate, !claimed, options.workstation, now())
    } catch (error) {
      if (!(error instanceof AuditKeyFileError)) throw error
      // No worse than before keying: the trail goes on unkeyed, admins are told, and the next start tries again.
      key = null
      notices.push(`Portico could not keep the practice’s audit key on this computer (${error.message}), so the audit trail is not keyed yet: someone holding the database file could still rewrite it unnoticed. Portico tries again at every start.`)
    }
  }
  if (!key && (keyedFrom !== null || anchor?.head.keyedFrom)) throw new AuditKeyUnavailableError(practiceId, stores.keys.where)
  seal.key = key

  const report = await verifyAuditChain(db, { key, anchors: anchor ? [anchor] : [], expectKeyed: key !== null })
  const lines: string[] = []
  if (seal.refusal) lines.push(seal.refusal)
  if (report.firstBroken) lines.push(`The audit trail failed its integrity check at event #${report.firstBroken.id}: ${report.firstBroken.reason}.`)
  for (const finding of [...report.headProblems, ...problems]) lines.push(`The audit trail failed its integrity check. ${finding}`)
  if (lines.length > 0) {
    log(`[audit] the audit trail failed its check${report.firstBroken ? ` (chain broken at event #${report.firstBroken.id})` : ''}: ${lines.length} finding(s)`)
    if (!seal.refusal) lines.push('Keep this database as evidence and contact your IT support.')
  }

  let recorder: HeadRecorder | null = null
  if (lines.length === 0 && practiceId) {
    try {
      stores.anchors.write({ practiceId, ...report.head, recordedAt: now().toISOString() }, { restored })
      stores.anchors.rememberDatabase(dbPath, practiceId)
    } catch {
      log('[audit] the audit trail’s head could not be recorded outside the database')
      notices.push(`Portico could not record the audit trail’s last event outside the database (in ${stores.anchors.where}), so events deleted later might go unnoticed. Check that this folder exists and can be written to.`)
    }
    recorder = startHeadRecorder({ db, store: stores.anchors, practiceId, head: report.head, now, log })
  }
  return {
    practiceId,
    report,
    warning: lines.length + notices.length > 0 ? [...lines, ...notices].join(' ') : null,
    writesRefused: seal.refusal !== null,
    flush: async () => recorder?.flush(),
    close: async () => recorder?.stop(),
  }
}
