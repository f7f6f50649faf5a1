import type { Db } from '../../../db/repositories/clients.repository'
import { UPDATE_SETTINGS_DEFAULT, UpdateSettings } from '../../../shared/update-settings'

/** One settings row holds Settings → Updates as JSON, checked with the contract's schema on read. */
export const UPDATE_SETTINGS_KEY = 'updates.config'

/** The saved update settings; off when none are saved or the saved value no longer parses. */
export async function readUpdateSettings(db: Db): Promise<UpdateSettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', UPDATE_SETTINGS_KEY).executeTakeFirst()
  if (!row) return UPDATE_SETTINGS_DEFAULT
  try {
    const parsed = UpdateSettings.safeParse(JSON.parse(row.value))
    return parsed.success ? parsed.data : UPDATE_SETTINGS_DEFAULT
  } catch {
    return UPDATE_SETTINGS_DEFAULT
  }
}

export async function writeUpdateSettings(db: Db, settings: UpdateSettings): Promise<void> {
  const value = JSON.stringify(UpdateSettings.parse(settings))
  await db
    .insertInto('settings')
    .values({ key: UPDATE_SETTINGS_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
