import { existsSync, readFileSync, renameSync } from 'node:fs'
import { z } from 'zod'
import { writePrivateFile } from '../../../db/audit/private-file'
import type { ServerSettings } from '../../../db/server-settings'

/** The file in this computer's own folder (userData in the app, the desk folder in the browser host). */
export const DESK_CONFIG_NAME = 'portico-desk.json'

/**
 * Seals a secret with the operating system's secure storage (Electron `safeStorage`). A desk
 * without one (the browser host, which takes `--db`) keeps no password at all.
 */
export interface SecretSealer {
  available(): boolean
  seal(text: string): string
  /** @throws when the sealed text can't be opened here (another user, a reinstalled system) */
  open(sealed: string): string
}

const ServerChoice = z.object({
  engine: z.literal('postgres'),
  host: z.string().min(1).max(253),
  port: z.number().int().min(1).max(65535),
  database: z.string().min(1).max(63),
  user: z.string().min(1).max(63),
  tls: z.enum(['off', 'require', 'verify']),
  caFile: z.string().min(1).max(4096).optional(),
  /** The password sealed by the OS's secure storage (base64); absent where it is not kept. */
  sealedPassword: z.string().max(20_000).optional(),
})
const FileChoice = z.object({ engine: z.literal('sqlite'), file: z.string().min(1).max(4096) })

// Unknown keys are dropped rather than refused, so a file from a newer Portico still gives its settings.
const DeskConfigFile = z.object({
  format: z.literal('portico-desk-config'),
  version: z.literal(1),
  portal: z.object({ serve: z.boolean(), port: z.number().int().min(1024).max(65535) }),
  /** Empty: the default folder beside the database. */
  backupFolder: z.string().max(4096),
  /** null: the built-in database at its usual place. */
  database: z.discriminatedUnion('engine', [FileChoice, ServerChoice]).nullable(),
  /** The server this desk used before it went back to a file: the form offers it again. */
  lastServer: ServerChoice.nullable().default(null),
  /** Whether this desk's values were carried over from the shared settings table (done once). */
  carriedOver: z.boolean(),
  /** The address (or this computer's name) the portal gives clients; null: the first found. */
  portalAddress: z.string().max(253).nullable().default(null),
})
type DeskConfigFile = z.infer<typeof DeskConfigFile>

/** This desk's choice of database, as shown and kept (never with the password itself). */
export type DatabaseChoice =
  | { engine: 'sqlite'; file: string }
  | { engine: 'postgres'; host: string; port: number; database: string; user: string; tls: ServerSettings['tls']; caFile?: string; passwordKept: boolean }

/** What belongs to this computer, not to the practice's (possibly shared) database. */
export interface DeskConfig {
  portal: { serve: boolean; port: number }
  backupFolder: string
  database: DatabaseChoice | null
  /** The server used before the desk went back to a file, if any. */
  lastServer: Extract<DatabaseChoice, { engine: 'postgres' }> | null
  carriedOver: boolean
  /** The address (or this computer's name) the portal's invites use; null: the first one found. */
  portalAddress: string | null
}

const DEFAULTS: DeskConfigFile = {
  format: 'portico-desk-config',
  version: 1,
  portal: { serve: false, port: 5181 },
  backupFolder: '',
  database: null,
  lastServer: null,
  carriedOver: false,
  portalAddress: null,
}

/** This computer's settings could not be saved; nothing was changed. */
export class DeskConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeskConfigError'
  }
}

type ServerChoice = z.infer<typeof ServerChoice>

function publicServer(choice: ServerChoice): Extract<DatabaseChoice, { engine: 'postgres' }> {
  const { sealedPassword, ...rest } = choice
  return { ...rest, passwordKept: sealedPassword !== undefined }
}

function publicChoice(choice: DeskConfigFile['database']): DatabaseChoice | null {
  return !choice || choice.engine === 'sqlite' ? choice : publicServer(choice)
}

/**
 * This desk's own settings, in one small JSON file in this computer's folder: whether it serves
 * the client portal and on which port, its backup folder, and which practice database it opens.
 * On a shared server every desk has its own, so one desk's portal never becomes another's.
 *
 * Every change is written whole to a temporary file and renamed over the old one (mode 0600). A
 * file that can't be read gives the defaults and a plain `problem`, never a crash; it is kept
 * aside (renamed) when settings are next saved. A server's password is sealed with the OS's
 * secure storage when there is a sealer, and not kept at all when there is none.
 */
export class DeskConfigStore {
  #config: DeskConfigFile
  #damaged: boolean
  /** Why the file could not be read, in plain words; null when it was fine or absent. */
  readonly problem: string | null

  constructor(
    readonly file: string,
    private readonly sealer: SecretSealer | null = null,
  ) {
    const loaded = DeskConfigStore.#load(file)
    this.#config = loaded.config
    this.#damaged = loaded.problem !== null
    this.problem = loaded.problem
  }

  static #load(file: string): { config: DeskConfigFile; problem: string | null } {
    if (!existsSync(file)) return { config: structuredClone(DEFAULTS), problem: null }
    try {
      const parsed = DeskConfigFile.safeParse(JSON.parse(readFileSync(file, 'utf8')))
      if (parsed.success) return { config: parsed.data, problem: null }
    } catch {
      // Unreadable or not JSON: told below like a file of the wrong shape.
    }
    return {
      config: structuredClone(DEFAULTS),
      problem:
        `Portico could not read this computer’s settings file (${file}), so it started with the defaults: ` +
        'the database built into this computer, the client portal not served from here, backups beside the database. ' +
        'Check the settings below and save them again; the unreadable file is kept beside the new one.',
    }
  }

  get(): DeskConfig {
    const c = this.#config
    return { portal: { ...c.portal }, backupFolder: c.backupFolder, database: publicChoice(c.database), lastServer: c.lastServer ? publicServer(c.lastServer) : null, carriedOver: c.carriedOver, portalAddress: c.portalAddress }
  }

  /** This computer has secure storage for passwords but it is unavailable now: a server can't be kept. */
  get cannotKeepPasswords(): boolean {
    return this.sealer !== null && !this.sealer.available()
  }

  setPortal(portal: { serve: boolean; port: number }): void {
    this.#save({ ...this.#config, portal: { ...portal } })
  }

  /** Remembers which address the portal gives clients on this computer (null: the first found). */
  setPortalAddress(address: string | null): void {
    this.#save({ ...this.#config, portalAddress: address })
  }

  setBackupFolder(folder: string): void {
    this.#save({ ...this.#config, backupFolder: folder })
  }

  /** Takes this desk's values from the shared settings table once (a desk upgraded from a version that kept them there). */
  carryOver(values: { portal?: { serve: boolean; port: number }; backupFolder?: string }): void {
    this.#save({ ...this.#config, ...values, carriedOver: true })
  }

  /** This desk opens the built-in database file from now on; the server it used is remembered for the form. */
  useFile(file: string): void {
    const previous = this.#config.database
    const lastServer = previous?.engine === 'postgres' ? previous : this.#config.lastServer
    this.#save({ ...this.#config, database: { engine: 'sqlite', file }, lastServer })
  }

  /**
   * This desk opens the practice server from now on. The password is sealed when this computer
   * can keep it; with a sealer whose secure storage is unavailable, nothing is saved.
   * @throws DeskConfigError
   */
  useServer(settings: ServerSettings): void {
    if (this.sealer && !this.sealer.available()) {
      throw new DeskConfigError('This computer’s secure storage is not available, so Portico cannot keep the server’s password safely. Nothing was changed.')
    }
    const { password, caFile, ...rest } = settings
    const sealedPassword = this.sealer ? this.sealer.seal(password) : undefined
    this.#save({
      ...this.#config,
      database: { engine: 'postgres', ...rest, ...(caFile ? { caFile } : {}), ...(sealedPassword !== undefined ? { sealedPassword } : {}) },
      lastServer: null,
    })
  }

  /**
   * The server this desk uses (or last used, if it went back to a file) with its password opened;
   * null when there is none. `password` is '' and `passwordProblem` says why when it is not kept
   * here or can't be opened any more.
   */
  server(): { settings: ServerSettings; passwordProblem: string | null } | null {
    const database = this.#config.database
    const choice = database?.engine === 'postgres' ? database : this.#config.lastServer
    if (!choice) return null
    const { sealedPassword, engine: _engine, ...rest } = choice
    let password = ''
    let passwordProblem: string | null = null
    if (sealedPassword === undefined) {
      passwordProblem = 'No password for the practice server is kept on this computer.'
    } else if (!this.sealer) {
      passwordProblem = 'The password for the practice server can only be read by the Portico app on this computer.'
    } else {
      try {
        password = this.sealer.open(sealedPassword)
      } catch {
        passwordProblem = 'This computer’s secure storage can no longer read the saved password for the practice server (a different user, or a reinstalled system). Enter it again.'
      }
    }
    return { settings: { ...rest, password }, passwordProblem }
  }

  #save(next: DeskConfigFile): void {
    try {
      if (this.#damaged && existsSync(this.file)) renameSync(this.file, `${this.file}.unreadable-${Date.now()}`)
      this.#damaged = false
      writePrivateFile(this.file, `${JSON.stringify(next, null, 2)}\n`)
    } catch {
      throw new DeskConfigError(`Portico could not save this computer’s settings in ${this.file}. Check that the disk is not full and the folder can be written to. Nothing was changed.`)
    }
    this.#config = next
  }
}
