import { z } from 'zod'
import type { ChannelName } from './channels'
import { ClientFilter, ClientListCounts, InactivePortalsTurnedOff } from './client-filter'
import { CheckImportInput, ImportCheck, ImportDone, ImportProgress, ImportTokenInput, RunImportInput } from './client-import'
import { ClientInput, UNSTORABLE, UNSTORABLE_MESSAGE } from './client-input'
import {
  ActivityItem,
  BackupInfo,
  BackupTaken,
  ClientDetail,
  ClientPage,
  ClientStatus,
  DatabaseStatus,
  DeskSettings,
  Id,
  InviteIssued,
  PasswordResetIssued,
  PortalAccess,
  PortalServerStatus,
  RestoreResult,
  SessionState,
  SetupResult,
  StaffMember,
} from './dto'
import { PracticeDetails, StoredPracticeDetails } from './practice-details'
import { PracticeDatabaseChange, PracticeDatabaseStatus, PracticeServerInput, ServerCheckResult } from './practice-database'
import { NewStaffInput, PracticeSetupInput, StaffPassword, StaffUpdateInput } from './staff-input'
import { UpdateSettings } from './update-settings'

/**
 * Who may call a channel. `public`: anyone at the desk, even before sign-in (setup, sign-in,
 * unlock). `staff`: a signed-in, unlocked staff member. `admin`: an admin only.
 */
export type Access = 'public' | 'staff' | 'admin'
const isoDate = z.iso.date('Use a date like 2026-11-27.')

/**
 * The whole desk API: each channel once, with the input main accepts and the output it returns.
 * Inputs are strict objects, so an unknown key is an error rather than silently dropped.
 */
export const contract = {
  getSession: { access: 'public', input: z.strictObject({}), output: SessionState },
  /** Whether the practice's database answers, and where it is: asked while a desk waits for the server to come back. */
  getDatabaseStatus: { access: 'public', input: z.strictObject({}), output: DatabaseStatus },
  setupPractice: { access: 'public', input: z.strictObject({ setup: PracticeSetupInput }), output: SetupResult },
  signIn: {
    access: 'public',
    input: z.strictObject({
      username: z
        .string()
        .trim()
        .min(1, 'Enter your username.')
        .max(200)
        .refine((v) => !UNSTORABLE.test(v), `This ${UNSTORABLE_MESSAGE}`),
      password: StaffPassword,
    }),
    output: SessionState,
  },
  signOut: { access: 'public', input: z.strictObject({}), output: SessionState },
  lock: { access: 'staff', input: z.strictObject({}), output: SessionState },
  unlock: { access: 'public', input: z.strictObject({ password: StaffPassword }), output: SessionState },
  listStaff: { access: 'admin', input: z.strictObject({}), output: z.array(StaffMember) },
  createStaff: { access: 'admin', input: z.strictObject({ staff: NewStaffInput }), output: StaffMember },
  updateStaff: { access: 'admin', input: z.strictObject({ staffId: Id, staff: StaffUpdateInput }), output: StaffMember },
  setStaffPassword: { access: 'admin', input: z.strictObject({ staffId: Id, password: StaffPassword }), output: StaffMember },
  getDeskSettings: { access: 'admin', input: z.strictObject({}), output: DeskSettings },
  updateDeskSettings: { access: 'admin', input: z.strictObject({ settings: DeskSettings }), output: DeskSettings },
  getClientActivity: { access: 'staff', input: z.strictObject({ clientId: Id }), output: z.array(ActivityItem) },
  exportAudit: {
    access: 'admin',
    input: z.strictObject({ from: isoDate, to: isoDate }),
    output: z.strictObject({ filename: z.string(), csv: z.string(), rows: z.number().int().nonnegative() }),
  },
  /** The practice's audit key as a file (admins keep it with off-site backups; another desk imports it). */
  exportAuditKey: { access: 'admin', input: z.strictObject({}), output: z.strictObject({ filename: z.string(), text: z.string(), keyId: z.string() }) },
  listBackups: { access: 'admin', input: z.strictObject({}), output: z.array(BackupInfo) },
  backupNow: { access: 'admin', input: z.strictObject({}), output: BackupTaken },
  restoreBackup: { access: 'admin', input: z.strictObject({ name: z.string().min(1).max(200) }), output: RestoreResult },
  listClients: {
    access: 'staff',
    input: z.strictObject({
      query: z
        .string()
        .max(200, 'A search can be at most 200 characters.')
        .refine((v) => !UNSTORABLE.test(v), 'The search contains a character Portico can’t search for (a control character or a broken symbol).'),
      limit: z.number().int().min(1).max(500).default(200),
      /** Keyset paging through the whole list (no search): the last row of the previous page. */
      after: z.strictObject({ lastName: z.string().max(200), firstName: z.string().max(200), id: Id }).optional(),
      /** The whole list (no search) from this position in name order, 0 first: for a scrolling list. */
      at: z.number().int().min(0).max(100_000_000).optional(),
      /** Narrows the list, or a search, to one filter's clients ('all' or none: everyone). */
      filter: ClientFilter.optional(),
    })
      .refine((v) => v.at === undefined || v.after === undefined, { message: 'Give a position or a cursor, not both.', path: ['at'] })
      .refine((v) => v.at === undefined || v.query.trim() === '', { message: 'A position is only for the whole list, not a search.', path: ['at'] }),
    output: ClientPage,
  },
  /** Each filter's count for the list's filter row, and the bulk action's number. */
  countClients: { access: 'staff', input: z.strictObject({}), output: ClientListCounts },
  /**
   * Admins only: turns portal access off for the next batch of inactive clients whose access is on
   * (sessions ended, open codes voided, one audit event each). The desk calls it until `finished`,
   * showing progress between batches.
   */
  turnOffInactivePortals: { access: 'admin', input: z.strictObject({}), output: InactivePortalsTurnedOff },
  getClient: {
    access: 'staff',
    input: z.strictObject({ clientId: Id }),
    output: ClientDetail,
  },
  /**
   * The profile this desk has open, read again so changes made at other desks show. Only for the
   * client this desk last opened with getClient (whose view is already recorded): not a way to read
   * another client unrecorded.
   */
  refreshClient: {
    access: 'staff',
    input: z.strictObject({ clientId: Id }),
    output: ClientDetail,
  },
  createClient: {
    access: 'staff',
    input: z.strictObject({ client: ClientInput }),
    output: ClientDetail,
  },
  updateClient: {
    access: 'staff',
    input: z.strictObject({ clientId: Id, client: ClientInput }),
    output: ClientDetail,
  },
  setClientStatus: {
    access: 'staff',
    /** `turnOffPortal` (marking inactive only): also turn portal access off, end sessions, void open codes. */
    input: z.strictObject({ clientId: Id, status: ClientStatus, turnOffPortal: z.boolean().optional() }),
    output: ClientDetail,
  },
  setPortalAccess: {
    access: 'staff',
    input: z.strictObject({ clientId: Id, enabled: z.boolean() }),
    output: PortalAccess,
  },
  sendPortalInvite: {
    access: 'staff',
    input: z.strictObject({ clientId: Id }),
    output: InviteIssued,
  },
  sendPasswordReset: {
    access: 'staff',
    input: z.strictObject({ clientId: Id }),
    output: PasswordResetIssued,
  },
  unlockPortalAccount: {
    access: 'staff',
    input: z.strictObject({ clientId: Id }),
    output: PortalAccess,
  },
  getPortalServer: {
    access: 'admin',
    input: z.strictObject({}),
    output: PortalServerStatus,
  },
  setPortalServer: {
    access: 'admin',
    input: z.strictObject({
      enabled: z.boolean(),
      port: z.number().int('The port is a whole number.').min(1024, 'Use a port from 1024 to 65535.').max(65535, 'Use a port from 1024 to 65535.'),
      /** The address invites give clients: one of status.network.choices, null for the first found; absent keeps it. */
      address: z.string().min(1).max(253).nullable().optional(),
    }),
    output: PortalServerStatus,
  },
  setPortalCertificate: {
    access: 'admin',
    // PEM text as read from the chosen files; main checks them with node:crypto (portal-tls.ts).
    input: z.strictObject({
      certificate: z.string().min(1, 'Choose the certificate file.').max(100_000, 'That file is too large to be a certificate. Choose the certificate (.pem, .crt).'),
      key: z.string().min(1, 'Choose the private key file.').max(100_000, 'That file is too large to be a private key. Choose the key (.pem, .key).'),
    }),
    output: PortalServerStatus,
  },
  removePortalCertificate: { access: 'admin', input: z.strictObject({}), output: PortalServerStatus },
  /** Settings → Practice database: which database this desk uses (and, on a server, that backups are the server's). */
  getPracticeDatabase: { access: 'admin', input: z.strictObject({}), output: PracticeDatabaseStatus },
  /** Test connection: changes nothing; says in plain words what is wrong, or what the server holds. */
  checkPracticeServer: { access: 'admin', input: z.strictObject({ server: PracticeServerInput, purpose: z.enum(['join', 'move']) }), output: ServerCheckResult },
  /**
   * Use this server: this desk opens a server that holds the practice. `auditKey` is the text of
   * the practice's key file (exported at the first desk), needed once where this desk lacks it.
   */
  joinPracticeServer: {
    access: 'admin',
    input: z.strictObject({
      server: PracticeServerInput,
      auditKey: z.string().max(10_000, 'That file is too large to be an audit key. Choose portico.audit-key.').optional(),
    }),
    output: PracticeDatabaseChange,
  },
  /** Move this practice to the server: copies the built-in practice into an empty server database, then uses it. */
  movePracticeToServer: { access: 'admin', input: z.strictObject({ server: PracticeServerInput }), output: PracticeDatabaseChange },
  /** This computer only: the desk goes back to its built-in database. */
  useBuiltInDatabase: { access: 'admin', input: z.strictObject({}), output: PracticeDatabaseChange },
  /** Settings → Practice: the practice's name, phone and country, and the portal's public address (shared by every desk). */
  getPracticeDetails: { access: 'admin', input: z.strictObject({}), output: StoredPracticeDetails },
  updatePracticeDetails: { access: 'admin', input: z.strictObject({ details: PracticeDetails }), output: StoredPracticeDetails },
  /** Clients → Import clients…: the chosen file's bytes, read and checked in main; the checked rows stay in main under a token. */
  checkClientImport: { access: 'admin', input: CheckImportInput, output: ImportCheck },
  /** Imports the checked file all or nothing (likely duplicates skipped or not); answers when it is done. */
  runClientImport: { access: 'admin', input: RunImportInput, output: ImportDone },
  /**
   * The running import's progress, and Cancel. `sessionRole`: the caller's role is taken from main's
   * session (re-read from the database when the import started) rather than read again, because on a
   * SQLite file the import's transaction holds the desk's one connection until it ends.
   */
  getClientImportProgress: { access: 'admin', sessionRole: true, input: ImportTokenInput, output: ImportProgress },
  /** Stops the running import: nothing of it is kept. */
  cancelClientImport: { access: 'admin', sessionRole: true, input: ImportTokenInput, output: z.strictObject({ cancelling: z.boolean() }) },
  /** The clients one import created (named by its `importedAt`), in name order: "Show them" after an import. */
  listImportedClients: {
    access: 'admin',
    input: z.strictObject({ importedAt: z.iso.datetime(), offset: z.number().int().min(0).max(10_000_000) }),
    output: ClientPage,
  },
  /** Clients → Export clients…: every client as CSV (UTF-8 with BOM), portal username and state included. */
  exportClients: { access: 'admin', input: z.strictObject({}), output: z.strictObject({ filename: z.string(), csv: z.string(), rows: z.number().int().nonnegative() }) },
  getUpdateSettings: { access: 'admin', input: z.strictObject({}), output: UpdateSettings },
  setUpdateSettings: { access: 'admin', input: z.strictObject({ settings: UpdateSettings }), output: UpdateSettings },
} as const satisfies Record<ChannelName, { access: Access; sessionRole?: true; input: z.ZodType; output: z.ZodType }>

export type Contract = typeof contract
/** What a caller passes (defaults may be left out). */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
/** What a handler receives, after parsing. */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>
