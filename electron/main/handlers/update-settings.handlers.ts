import type { HandlerMap } from '../dispatcher'
import { readUpdateSettings, writeUpdateSettings } from '../updates/update-settings.store'
import { audited } from './audited'

/** Settings → Updates (admins): whether and where this desk looks for new versions. */
export const updateSettingsHandlers = {
  getUpdateSettings: async (_input, ctx) => readUpdateSettings(ctx.db),

  setUpdateSettings: async ({ settings }, ctx) => {
    // The feed's address is an admin's setting, not personal data; the audit notes only its kind.
    await audited(ctx, { action: 'settings.updates', clientId: null, detail: { enabled: settings.enabled, feed: settings.feed?.type ?? 'none' } }, async (trx) => {
      await writeUpdateSettings(trx, settings)
    })
    await ctx.updates?.settingsChanged()
    return settings
  },
} satisfies Pick<HandlerMap, 'getUpdateSettings' | 'setUpdateSettings'>
