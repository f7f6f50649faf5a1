import { z } from 'zod'
import { PortalState } from './portal-state'

/** Database ids are positive integers. */
export const Id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER)

/** UTC timestamps cross IPC as ISO-8601 strings. */
export const Timestamp = z.iso.datetime()

export const ClientStatus = z.enum(['active', 'inactive'])
export type ClientStatus = z.infer<typeof ClientStatus>

export const PortalInvite = z.strictObject({
  sentAt: Timestamp,
  expiresAt: Timestamp,
  expired: z.boolean(),
})
export type PortalInvite = z.infer<typeof PortalInvite>

/**
 * What the Client Portal Access panel shows. `state` says which of the article's cases applies:
 * no account yet, invited (no username chosen yet), or an account with a username.
 */
export const PortalAccess = z.strictObject({
  clientId: Id,
  state: z.enum(['none', 'invited', 'account']),
  username: z.string().nullable(),
  enabled: z.boolean(),
  invite: PortalInvite.nullable(),
  activatedAt: Timestamp.nullable(),
  lastSignInAt: Timestamp.nullable(),
  lockedUntil: Timestamp.nullable(),
})
export type PortalAccess = z.infer<typeof PortalAccess>

/** A client as the list shows them, every field as the contract promises it. */
export const SoundClientSummary = z.strictObject({
  id: Id,
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  status: ClientStatus,
  portalUsername: z.string().nullable(),
  portalEnabled: z.boolean(),
})

/**
 * What the list adds to tell two same-name clients apart: the date of birth and the portal state
 * (words on screen, never colour alone).
 */
export const SoundListedClient = z.strictObject({
  ...SoundClientSummary.shape,
  /** Null when the row holds something that is not a date: the row still shows, without it. */
  dateOfBirth: z.iso.date().nullable(),
  portalState: PortalState,
})

/**
 * One row of the list. `damaged` marks a client whose stored row can't be read as a client (a
 * garbled value, a damaged page): only its id is real, the other fields are empty placeholders, and
 * the desk shows it as "Client #id: this row is damaged" while the rest of the page shows normally.
 */
export const ClientSummary = z.strictObject({
  ...SoundListedClient.shape,
  damaged: z.literal(true).optional(),
})
export type ClientSummary = z.infer<typeof ClientSummary>

/** The placeholder for a client whose row is damaged: its id, and nothing read from the row. */
export function damagedClientSummary(id: number): ClientSummary {
  return { id, firstName: '', lastName: '', preferredName: null, email: null, phone: null, status: 'active', portalUsername: null, portalEnabled: false, dateOfBirth: null, portalState: 'none', damaged: true }
}

export const ClientDetail = z.strictObject({
  ...SoundClientSummary.shape,
  dateOfBirth: z.iso.date(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  portal: PortalAccess,
})
export type ClientDetail = z.infer<typeof ClientDetail>

/**
 * One page of clients. With no search, `total` is every client and `hasMore` says another page
 * follows; with a search, `total` counts the matches shown and `hasMore` says there are more.
 */
export const ClientPage = z.strictObject({
  items: z.array(ClientSummary),
  total: z.number().int().nonnegative(),
  hasMore: z.boolean(),
})
export type ClientPage = z.infer<typeof ClientPage>

/** What a printed handout says about the practice (Settings → Practice). */
export const HandoutPractice = z.strictObject({
  name: z.string(),
  phone: z.string(),
  /** The portal's address as clients can reach it (an origin); null when none is set, or only this computer's. */
  address: z.string().nullable(),
})
export type HandoutPractice = z.infer<typeof HandoutPractice>

/** Returned once when an invite is sent: the code is never stored or shown again. */
export const InviteIssued = z.strictObject({
  portal: PortalAccess,
  code: z.string(),
  portalUrl: z.string(),
  /** Whether the portal answered at that address when the code was issued (see PORTAL_NOT_ANSWERING). */
  portalAnswering: z.boolean(),
  expiresAt: Timestamp,
  practice: HandoutPractice,
})
export type InviteIssued = z.infer<typeof InviteIssued>

/** Returned once when staff issue a password reset: the code is never stored or shown again. */
export const PasswordResetIssued = z.strictObject({
  portal: PortalAccess,
  code: z.string(),
  resetUrl: z.string(),
  portalAnswering: z.boolean(),
  expiresAt: Timestamp,
  practice: HandoutPractice,
})
export type PasswordResetIssued = z.infer<typeof PasswordResetIssued>

/** The certificate this desk's portal serves HTTPS with: what it is for and until when (never the key). */
export const PortalCertificate = z.strictObject({ names: z.array(z.string()), expiresAt: Timestamp })
export type PortalCertificate = z.infer<typeof PortalCertificate>

/** Settings → Client portal: whether this desk serves the portal, and where clients reach it. */
export const PortalServerStatus = z.strictObject({
  enabled: z.boolean(),
  running: z.boolean(),
  port: z.number().int(),
  /** Addresses to give clients (one per network this computer is on). */
  addresses: z.array(z.string()),
  /** With a certificate the portal serves HTTPS; without one its traffic is unencrypted. */
  certificate: PortalCertificate.nullable(),
  error: z.string().nullable(),
  /** Serving the office network: which address invites use, whether it answers, and the firewall. */
  network: z.strictObject({
    /** This computer's network addresses and its name, to choose the one given to clients from. */
    choices: z.array(z.string()),
    /** The admin's choice (an address or this computer's name); null: the first address found. */
    chosen: z.string().nullable(),
    /** The chosen address is no longer on this computer (a VPN went down, a new network). */
    chosenMissing: z.boolean(),
    /** Whether this practice's portal answered at the first address, from this computer; null when not running. */
    answering: z.boolean().nullable(),
    /** The one-time step for the practice's IT person so other devices get through this computer's firewall (a command to run, where there is one). */
    firewall: z.strictObject({ advice: z.string(), command: z.string().nullable() }).nullable(),
  }),
})
export type PortalServerStatus = z.infer<typeof PortalServerStatus>

export const StaffRole = z.enum(['admin', 'front_desk'])
export type StaffRole = z.infer<typeof StaffRole>

/** Who is signed in at this desk, as main knows it. */
export const StaffIdentity = z.strictObject({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
})
export type StaffIdentity = z.infer<typeof StaffIdentity>

/**
 * The desk's session, decided by main: first-run setup, nobody signed in, locked (the same staff
 * member must unlock), or signed in.
 */
export const SessionState = z.strictObject({
  state: z.enum(['setup', 'signed-out', 'locked', 'signed-in']),
  practiceName: z.string().nullable(),
  staff: StaffIdentity.nullable(),
  idleLockMinutes: z.number().int().min(1).max(60),
  /** For admins only: the audit trail's start-up check found a broken link. */
  auditWarning: z.string().nullable(),
  /** For everyone signed in: another computer has this practice's file open (a shared folder). */
  sharedFileWarning: z.string().nullable(),
  /** For admins only: how many audit events wait to be written, in words; null when none do. */
  pendingAuditWarning: z.string().nullable(),
  /** For admins only: the practice's file (or a backup of it) failed SQLite's check, or damaged client rows were seen. */
  damageWarning: z.string().nullable(),
})
export type SessionState = z.infer<typeof SessionState>

export const StaffMember = z.strictObject({
  ...StaffIdentity.shape,
  active: z.boolean(),
  lastSignInAt: Timestamp.nullable(),
  lockedUntil: Timestamp.nullable(),
})
export type StaffMember = z.infer<typeof StaffMember>

/** First run: the practice and its first admin, or the demo practice with a demo admin. */
export const SetupResult = z.strictObject({
  session: SessionState,
  /** Shown once on the setup screen when the demo practice is chosen. */
  demoAdmin: z.strictObject({ username: z.string(), password: z.string() }).nullable(),
})
export type SetupResult = z.infer<typeof SetupResult>

/** One line of a client's Activity tab, already in plain words. */
export const ActivityItem = z.strictObject({
  id: Id,
  at: Timestamp,
  text: z.string(),
  outcome: z.enum(['success', 'failure', 'denied']),
})
export type ActivityItem = z.infer<typeof ActivityItem>

export const DeskSettings = z.strictObject({
  idleLockMinutes: z.number().int().min(1).max(60),
  backupFolder: z.string(),
})
export type DeskSettings = z.infer<typeof DeskSettings>

export const BackupInfo = z.strictObject({
  name: z.string(),
  takenAt: Timestamp,
  sizeBytes: z.number().int().nonnegative(),
})
export type BackupInfo = z.infer<typeof BackupInfo>

/** A backup taken by hand: written, and said so even when its record in the activity log could not be. */
export const BackupTaken = BackupInfo.extend({
  /** Set when the backup is written but its activity-log record is not: what happened, in words. */
  notRecorded: z.string().optional(),
})
export type BackupTaken = z.infer<typeof BackupTaken>

export const RestoreResult = z.strictObject({
  takenAt: Timestamp,
  clients: z.number().int().nonnegative(),
  keptAside: z.string(),
})
export type RestoreResult = z.infer<typeof RestoreResult>

/**
 * Whether this desk can reach the practice's database right now, and where it is in words for the
 * message: host:port/database for a server (never a user or password), or the file's path.
 */
export const DatabaseStatus = z.strictObject({
  reachable: z.boolean(),
  location: z.string().nullable(),
})
export type DatabaseStatus = z.infer<typeof DatabaseStatus>
