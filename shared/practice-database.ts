import { z } from 'zod'

/** How the desk talks to the server: plain, encrypted, or encrypted and checked against a CA certificate. */
export const ServerTls = z.enum(['off', 'require', 'verify'])
export type ServerTls = z.infer<typeof ServerTls>

/** A name, an IPv4 address or an IPv6 address: nothing that would make a URL of it (no scheme, slash, @ or space). */
const HOST = /^[A-Za-z0-9._:[\]-]+$/
/** A full path on Windows (C:\…, \\server\…) or elsewhere (/…). */
const FULL_PATH = /^(?:\/|[A-Za-z]:[\\/]|\\\\)/

/**
 * The practice server as typed in Settings → Practice database. `password` left out means "the
 * password this desk already has for the same server, database and account" (it is never sent
 * back to the window, so the form can't fill it in).
 */
export const PracticeServerInput = z
  .strictObject({
    host: z
      .string()
      .trim()
      .min(1, 'Enter the server’s name or address, for example db.office.local or 192.168.1.20.')
      .max(253, 'A server name is at most 253 characters.')
      .regex(HOST, 'Enter only the server’s name or address, for example db.office.local or 192.168.1.20 (no postgres://, slashes or spaces).'),
    port: z.number('Enter the port as a number, usually 5432.').int('The port is a whole number, usually 5432.').min(1, 'Use a port from 1 to 65535 (usually 5432).').max(65535, 'Use a port from 1 to 65535 (usually 5432).'),
    database: z.string().trim().min(1, 'Enter the name of the practice’s database on the server.').max(63, 'A database name is at most 63 characters.'),
    user: z.string().trim().min(1, 'Enter the account Portico signs in to the server with.').max(63, 'An account name is at most 63 characters.'),
    password: z.string().max(1000, 'That password is longer than Portico accepts (1000 characters).').optional(),
    tls: ServerTls,
    caFile: z.string().trim().max(4096, 'That path is longer than Portico accepts.').optional(),
  })
  // Checked even when another field is wrong too, so every message shows at once.
  .superRefine(
    (server, ctx) => {
      if (server.tls !== 'verify') return
      const caFile = typeof server.caFile === 'string' ? server.caFile.trim() : ''
      if (!caFile) ctx.addIssue({ code: 'custom', path: ['caFile'], message: 'Enter the full path of the CA certificate file your IT support gave you.' })
      else if (!FULL_PATH.test(caFile)) ctx.addIssue({ code: 'custom', path: ['caFile'], message: 'Give the full path of the CA certificate file, for example C:\\Portico\\office-ca.pem or /etc/portico/office-ca.pem.' })
    },
    { when: ({ value }) => typeof value === 'object' && value !== null },
  )
export type PracticeServerInput = z.infer<typeof PracticeServerInput>

/** The saved server as the form shows it: never the password, only whether one is kept. */
export const SavedServer = z.strictObject({
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  user: z.string(),
  tls: ServerTls,
  caFile: z.string().nullable(),
  passwordSaved: z.boolean(),
})
export type SavedServer = z.infer<typeof SavedServer>

const Count = z.number().int().nonnegative()

/** How much of a practice there is, table by table (before and after a move). */
export const PracticeCounts = z.strictObject({
  clients: Count,
  portalAccounts: Count,
  invites: Count,
  passwordResets: Count,
  portalSessions: Count,
  staff: Count,
  settings: Count,
  auditEvents: Count,
  signInThrottles: Count,
})
export type PracticeCounts = z.infer<typeof PracticeCounts>

/** Which database this desk uses, and what that means for it. */
export const PracticeDatabaseStatus = z.strictObject({
  kind: z.enum(['built-in', 'server']),
  /** The file's path, or HOST:PORT/DATABASE: never a password. */
  location: z.string(),
  /** Whether this desk backs the practice up into files (a built-in database) or the server does (pg_dump). */
  fileBackups: z.boolean(),
  /** The server this desk uses or last used, to fill the form; null when there is none. */
  server: SavedServer.nullable(),
  /** A move in progress: rows copied so far of all. */
  moving: z.strictObject({ done: Count, total: Count }).nullable(),
  /** What went wrong with this computer's settings, in plain words (an unreadable file, a password that can't be read). */
  notices: z.array(z.string()),
})
export type PracticeDatabaseStatus = z.infer<typeof PracticeDatabaseStatus>

export const SERVER_PROBLEMS = ['unreachable', 'wrong-password', 'no-database', 'too-old', 'tls-required', 'tls-failed', 'not-portico', 'holds-practice', 'empty', 'no-permission', 'newer-portico'] as const

/** What Test connection found, in plain words; `field` is the one to fix, when there is one. */
export const ServerCheckResult = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), version: z.string(), holdsPractice: z.boolean(), clients: Count.nullable(), message: z.string() }),
  z.strictObject({ ok: z.literal(false), problem: z.enum(SERVER_PROBLEMS), message: z.string(), field: z.string().nullable() }),
])
export type ServerCheckResult = z.infer<typeof ServerCheckResult>

/** What happened when the desk changed database: the new state, what to do next, and (after a move) the counts. */
export const PracticeDatabaseChange = z.strictObject({
  database: PracticeDatabaseStatus,
  message: z.string(),
  /** The staff member was signed out (the new database has its own staff accounts): sign in again. */
  signedOut: z.boolean(),
  counts: z.strictObject({ before: PracticeCounts, after: PracticeCounts }).nullable(),
})
export type PracticeDatabaseChange = z.infer<typeof PracticeDatabaseChange>
