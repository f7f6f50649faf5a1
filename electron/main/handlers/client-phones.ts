import type { ClientFields } from '../../../shared/client-input'
import type { ClientDetail, ClientPage } from '../../../shared/dto'
import { formatPhone, normalisePhone } from '../../../shared/phone'
import type { Db } from '../../../db/repositories/clients.repository'
import { getSetting } from '../../../db/repositories/settings.repository'
import { AppError } from '../app-error'

/** Settings → Practice's country ("NZ"; empty when not chosen): how phone numbers are read and shown. */
export const practiceCountry = (db: Db): Promise<string> => getSetting(db, 'practice.country')

/** The country as list pages, searches and profiles show phones, by open database. */
const countriesShown = new WeakMap<object, { country: string; readAt: number }>()
/** How long a desk shows phones by the country it last read: a change at another desk shows within this. */
export const COUNTRY_KEPT_MS = 10_000

/**
 * The practice's country for showing phones: read again at most every 10 s, so every list call and
 * search doesn't pay one more statement (a round trip on a server) for a setting that almost never
 * changes. Saving Settings → Practice here forgets it at once (`forgetPracticeCountry`); a change
 * at another desk shows here within COUNTRY_KEPT_MS. Saving a phone always reads it afresh.
 */
export async function practiceCountryShown(db: Db, now = Date.now()): Promise<string> {
  const kept = countriesShown.get(db)
  if (kept && now - kept.readAt < COUNTRY_KEPT_MS && now >= kept.readAt) return kept.country
  const country = await practiceCountry(db)
  countriesShown.set(db, { country, readAt: now })
  return country
}

/** Settings → Practice was saved at this desk: the next list shows phones by the new country. */
export function forgetPracticeCountry(db: Db): void {
  countriesShown.delete(db)
}

/**
 * A client's details with the phone as stored (E.164), read for the practice's country. The shape
 * (digits, length) is checked by the contract; whether it is a real number of that country needs
 * the practice's settings, so it is checked here, in main, and said beside the Phone field.
 * `clientId`: the client being edited, whose phone may be one that was never readable.
 */
export async function withStoredPhone(db: Db, client: ClientFields, clientId?: number): Promise<ClientFields> {
  if (client.phone === null) return client
  const reading = normalisePhone(client.phone, await practiceCountry(db))
  if (!reading.ok) {
    // A number kept as it was when Portico updated (migration 0009) is shown as stored: editing
    // another detail sends it back unchanged, and must not be refused for it.
    if (clientId !== undefined && client.phone === (await storedPhoneOf(db, clientId))) return client
    throw new AppError('INVALID_INPUT', 'Some details need attention before this can be saved.', [{ field: 'phone', message: reading.message }])
  }
  return { ...client, phone: reading.stored }
}

async function storedPhoneOf(db: Db, clientId: number): Promise<string | null> {
  const row = await db.selectFrom('clients').select('phone').where('id', '=', clientId).executeTakeFirst()
  return row?.phone ?? null
}

/**
 * What the desk is given is what it shows: the phone in the practice's country's national format,
 * a number from abroad internationally, a number that was never readable as it was stored. Done in
 * main because every desk (front desk too) shows it, and only main knows the practice's country.
 */
export function detailAsShown(detail: ClientDetail, country: string): ClientDetail {
  return detail.phone === null ? detail : { ...detail, phone: formatPhone(detail.phone, country) }
}

/** The list page, each phone as shown (see `detailAsShown`). */
export function pageAsShown(page: ClientPage, country: string): ClientPage {
  return { ...page, items: page.items.map((c) => (c.phone === null ? c : { ...c, phone: formatPhone(c.phone, country) })) }
}
