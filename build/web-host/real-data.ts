import { describeTarget, isServerUrl, parseDatabaseTarget } from '../../db/dialect/target'
import { peekStaffAccounts } from '../../db/peek-staff'
import { DEMO_FRONT_DESK, DEMO_FRONT_DESK_NAME } from './demo-staff'

/** The demo accounts: this host's own front-desk user, and the admin the demo practice's setup makes. */
export function isDemoAccount(staff: { usernameKey: string; displayName: string; role: string }): boolean {
  if (staff.usernameKey === DEMO_FRONT_DESK) return staff.displayName === DEMO_FRONT_DESK_NAME && staff.role === 'front_desk'
  return staff.usernameKey === 'demo.admin' && staff.displayName === 'Demo Admin'
}

/** How many staff accounts in the file are not demo accounts, read without changing the file. */
export async function realStaffAccounts(dbPath: string): Promise<number> {
  return (await peekStaffAccounts(dbPath)).filter((staff) => !isDemoAccount(staff)).length
}

/** The host refuses a practice's real database unless told `--allow-real-data`. */
export class RealDataRefusedError extends Error {
  constructor(dbPath: string, accounts: number) {
    // A server's URL carries its password: it is named by host and database only.
    const named = isServerUrl(dbPath) ? describeTarget(parseDatabaseTarget(dbPath)) : dbPath
    super(
      `${named} has ${accounts} real staff account${accounts === 1 ? '' : 's'}, so it looks like a practice's real database. ` +
        'The browser host is a development and test tool: it gives its access token to any program on this computer that asks. ' +
        'It has not opened or changed the database. To use it anyway (on a copy, never on the practice’s live data), add --allow-real-data.',
    )
    this.name = 'RealDataRefusedError'
  }
}
