import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { dispatch } from '../../electron/main/dispatcher'
import { handlers } from '../../electron/main/handlers'
import type { HandlerContext } from '../../electron/main/context'
import { DIALECTS } from './dialects'
import { portalHarness } from './portal-harness'
import { tempDatabase, testContext } from './temp-db'

/** A moment where the desk's calendar and UTC's disagree, and what each says. */
export interface ZoneMoment {
  /** The time zone the test file runs in (set as TZ before any date is computed). */
  zone: string
  /** The instant the clock is stopped at. */
  at: string
  /** Minutes from local time to UTC at that instant, as `getTimezoneOffset` says (proves TZ took effect). */
  offsetMinutes: number
  /** The desk's date at that instant, and the day after it. */
  localToday: string
  localTomorrow: string
  /** Also activate a portal invite with today's date of birth (a real server on loopback). */
  portal?: boolean
}

const PASSWORD = 'tui-kowhai-harbour-lantern'

const newborn = (dateOfBirth: string) => ({ firstName: 'Aroha', lastName: 'Ngata', preferredName: '', dateOfBirth, email: '', phone: '' })

/**
 * The date of birth "in the future" check, run where the desk is: the test file sets TZ, and only
 * Date is faked (stopped at `moment.at`, still ticking), so timers, sockets and the database run as usual.
 */
export function describeBirthDatesIn(moment: ZoneMoment): void {
  describe.each(DIALECTS)(`in ${moment.zone}, on %s`, (dialect) => {
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'], now: new Date(moment.at), shouldAdvanceTime: true })
      expect(new Date().getTimezoneOffset(), `TZ=${moment.zone} is in effect`).toBe(moment.offsetMinutes)
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    test(`a client born today (${moment.localToday} at the desk) is saved, and tomorrow's date is refused`, async () => {
      const t = await tempDatabase({ dialect, demo: true })
      try {
        const ctx: HandlerContext = testContext(t.db)
        const create = (dateOfBirth: string) => dispatch(handlers, ctx, 'createClient', { client: newborn(dateOfBirth) }, { trusted: true }, () => {})
        expect(await create(moment.localToday)).toMatchObject({ ok: true, value: { dateOfBirth: moment.localToday } })
        expect(await create(moment.localTomorrow)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT', fields: [{ field: 'dateOfBirth', message: 'The date of birth cannot be in the future.' }] },
        })
      } finally {
        await t.close()
      }
    })

    if (moment.portal) {
      test('that client activates the portal invite with the same date of birth', async () => {
        const h = await portalHarness({ dialect })
        try {
          const client = await h.desk('createClient', { client: newborn(moment.localToday) })
          const { code } = await h.desk('sendPortalInvite', { clientId: client.id })
          const activated = await h.browser().post('/api/activate', { code, dateOfBirth: moment.localToday, username: 'aroha.n', password: PASSWORD })
          expect(activated).toMatchObject({ status: 200, body: { ok: true } })
        } finally {
          await h.close()
        }
      })
    }
  })
}
