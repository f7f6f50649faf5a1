import type { StoredPracticeDetails } from '../../../shared/practice-details'
import { clientPortalAddress } from '../../../shared/practice-details'
import { getSetting, putSetting, SETTING_DEFAULTS } from '../../../db/repositories/settings.repository'
import type { Db } from '../../../db/repositories/clients.repository'
import type { HandlerMap } from '../dispatcher'
import { audited } from './audited'
import { forgetPracticeCountry } from './client-phones'

/** The practice's details as Settings → Practice shows them; an address clients can't reach reads as not set. */
export async function readPracticeDetails(db: Db): Promise<StoredPracticeDetails> {
  const [name, phone, country, publicUrl] = await Promise.all([
    getSetting(db, 'practice.name'),
    getSetting(db, 'practice.phone'),
    getSetting(db, 'practice.country'),
    getSetting(db, 'portal.publicUrl'),
  ])
  return { name, phone, country, publicUrl: clientPortalAddress(publicUrl) ?? '' }
}

/** Settings → Practice (admins): shared by every desk of the practice, so it lives in the database. */
export const practiceDetailsHandlers = {
  getPracticeDetails: async (_input, ctx) => readPracticeDetails(ctx.db),

  updatePracticeDetails: async ({ details }, ctx) => {
    const before = await readPracticeDetails(ctx.db)
    // The audit notes which details changed, not what they say.
    const changed = (Object.keys(details) as (keyof StoredPracticeDetails)[]).filter((key) => details[key] !== before[key])
    const address = clientPortalAddress(details.publicUrl)
    await audited(ctx, { action: 'settings.practice', clientId: null, detail: { changed } }, async (trx) => {
      await putSetting(trx, 'practice.name', details.name)
      await putSetting(trx, 'practice.phone', details.phone)
      await putSetting(trx, 'practice.country', details.country)
      // An admin's address stays when a desk's portal starts; without one, the portal notes where it answers.
      await putSetting(trx, 'portal.publicUrl', address ?? SETTING_DEFAULTS['portal.publicUrl'])
      await putSetting(trx, 'portal.publicUrlChosen', address ? 'yes' : '')
    })
    forgetPracticeCountry(ctx.db)
    return readPracticeDetails(ctx.db)
  },
} satisfies Pick<HandlerMap, 'getPracticeDetails' | 'updatePracticeDetails'>
