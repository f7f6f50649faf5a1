import type { Db } from '../../../db/repositories/clients.repository'
import { type SettingKey, getSetting, putSetting } from '../../../db/repositories/settings.repository'
import { UPDATE_SETTINGS_DEFAULT, UpdateSettings } from '../../../shared/update-settings'

/** One settings row holds Settings → Updates as JSON, checked with the contract's schema on read. */
export const UPDATE_SETTINGS_KEY = 'updates.config' satisfies SettingKey

/** The saved update settings; off when none are saved or the saved value no longer parses. */
export async function readUpdateSettings(db: Db): Promise<UpdateSettings> {
  const saved = await getSetting(db, UPDATE_SETTINGS_KEY)
  if (!saved) return UPDATE_SETTINGS_DEFAULT
  try {
    const parsed = UpdateSettings.safeParse(JSON.parse(saved))
    return parsed.success ? parsed.data : UPDATE_SETTINGS_DEFAULT
  } catch {
    return UPDATE_SETTINGS_DEFAULT
  }
}

export async function writeUpdateSettings(db: Db, settings: UpdateSettings): Promise<void> {
  await putSetting(db, UPDATE_SETTINGS_KEY, JSON.stringify(UpdateSettings.parse(settings)))
}
