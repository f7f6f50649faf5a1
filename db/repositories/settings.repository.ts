import type { Db } from './clients.repository'

/** Known settings and their defaults. */
export const SETTING_DEFAULTS = {
  /** Where clients reach the portal; shown with each invite. */
  'portal.publicUrl': 'http://127.0.0.1:5181',
  /** 'yes' when an admin set the public address (Settings → Practice): a desk's portal starting then leaves it alone. */
  'portal.publicUrlChosen': '',
  /**
   * Where an older Portico kept whether its desk served the client portal, and on which port. Each
   * desk now keeps these in its own config (on a server every desk would share them): read only
   * to carry a desk's values over once.
   */
  'portal.serve': 'off',
  'portal.port': '5181',
  /** Set by first-run setup. */
  'practice.name': '',
  /** The practice's phone number, for clients (Settings → Practice; handouts and the portal show it). */
  'practice.phone': '',
  /** The practice's country (ISO 3166-1 alpha-2, e.g. "NZ"; empty: not set): how phone numbers are read and shown. */
  'practice.country': '',
  /** The practice's id (a UUID), set when its audit chain is keyed; its key is found by it. */
  'practice.id': '',
  /** Minutes without activity before the desk locks itself (1–60). */
  'desk.idleLockMinutes': '10',
  /** Where an older Portico kept its desk's backup folder (empty: the default); read only to carry it over once. */
  'backup.folder': '',
  /** Settings → Updates as JSON (checked with the contract's schema where it is read); empty when never saved. */
  'updates.config': '',
} as const

export type SettingKey = keyof typeof SETTING_DEFAULTS

export async function getSetting(db: Db, key: SettingKey): Promise<string> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst()
  return row?.value ?? SETTING_DEFAULTS[key]
}

export async function putSetting(db: Db, key: SettingKey, value: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute()
}
