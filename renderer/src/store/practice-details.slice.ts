import type { StoredPracticeDetails } from '../../../shared/practice-details'
import { errorMessage } from '../lib/api'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError } from './form-outcome'

export interface PracticeDetailsSlice {
  /** Main's last answer; null until the first load. */
  practiceDetails: StoredPracticeDetails | null
  practiceDetailsLoading: boolean
  practiceDetailsLoadError: string | null
  practiceDetailsNotice: string | null
  loadPracticeDetails: () => Promise<void>
  /** Main checks every field and says what is wrong with each; the form keeps what was typed. */
  savePracticeDetails: (details: StoredPracticeDetails) => Promise<FormOutcome>
}

const FIELDS = ['name', 'phone', 'country', 'publicUrl']

/** Settings → Practice (admins): shared by every desk, read from and saved to the practice's database. */
export const createPracticeDetailsSlice: DeskSlice<PracticeDetailsSlice> = (deps) => (set) => ({
  practiceDetails: null,
  practiceDetailsLoading: false,
  practiceDetailsLoadError: null,
  practiceDetailsNotice: null,

  loadPracticeDetails: async () => {
    set({ practiceDetailsLoading: true, practiceDetailsLoadError: null })
    try {
      set({ practiceDetails: await deps.call('getPracticeDetails', {}), practiceDetailsLoading: false })
    } catch (error) {
      set({ practiceDetailsLoading: false, practiceDetailsLoadError: errorMessage(error) })
    }
  },

  savePracticeDetails: async (details) => {
    set({ practiceDetailsNotice: null })
    try {
      const saved = await deps.call('updatePracticeDetails', { details })
      set({
        practiceDetails: saved,
        practiceDetailsNotice: saved.publicUrl
          ? 'Saved. Handouts show these details and a QR code for the portal’s public address.'
          : 'Saved. Without a public address, handouts ask clients to get the portal’s link from the practice.',
      })
      return OK
    } catch (error) {
      return outcomeFromError(error, FIELDS)
    }
  },
})
