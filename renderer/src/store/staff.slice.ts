import type { z } from 'zod'
import type { StaffMember } from '../../../shared/dto'
import { NewStaffInput, StaffPassword, StaffUpdateInput } from '../../../shared/staff-input'
import { errorMessage } from '../lib/api'
import { ROLE_LABELS } from '../lib/staff-role'
import type { DeskSlice } from './desk-store.types'
import { type FormOutcome, OK, outcomeFromError, outcomeFromIssues } from './form-outcome'

export type NewStaffValues = z.input<typeof NewStaffInput>
export type StaffUpdateValues = z.input<typeof StaffUpdateInput>

export interface StaffSlice {
  staff: StaffMember[]
  staffLoading: boolean
  staffLoadError: string | null
  /** Said once a change went through, e.g. "Added Maria Lopez as Front desk." */
  staffNotice: string | null
  loadStaff: () => Promise<void>
  createStaff: (values: NewStaffValues) => Promise<FormOutcome>
  /** Name, role and whether the account is active. Main keeps at least one active admin. */
  updateStaff: (staffId: number, values: StaffUpdateValues) => Promise<FormOutcome>
  setStaffPassword: (staffId: number, password: string) => Promise<FormOutcome>
}

const NEW_FIELDS = ['displayName', 'username', 'role', 'password']
const UPDATE_FIELDS = ['displayName', 'role', 'active']

/** Checks values with the contract's schema, so obvious mistakes never leave the form. */
function check(schema: z.ZodType, values: unknown, fields: string[]): FormOutcome | null {
  const checked = schema.safeParse(values)
  if (checked.success) return null
  const issues = checked.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }))
  return outcomeFromIssues(issues, fields, 'Check the details and try again.')
}

export const createStaffSlice: DeskSlice<StaffSlice> = (deps) => (set, get) => {
  let latestLoad = 0

  /** Puts main's answer into the list (or adds it), keeping the list's order. */
  const upsert = (member: StaffMember) => {
    const { staff } = get()
    const known = staff.some((s) => s.id === member.id)
    set({ staff: known ? staff.map((s) => (s.id === member.id ? member : s)) : [...staff, member] })
  }

  return {
    staff: [],
    staffLoading: false,
    staffLoadError: null,
    staffNotice: null,

    loadStaff: async () => {
      const request = ++latestLoad
      set({ staffLoading: true, staffLoadError: null })
      try {
        const staff = await deps.call('listStaff', {})
        if (request === latestLoad) set({ staff, staffLoading: false })
      } catch (error) {
        if (request === latestLoad) set({ staffLoading: false, staffLoadError: errorMessage(error) })
      }
    },

    createStaff: async (values) => {
      const problem = check(NewStaffInput, values, NEW_FIELDS)
      if (problem) return problem
      set({ staffNotice: null })
      try {
        const member = await deps.call('createStaff', { staff: values })
        upsert(member)
        set({ staffNotice: `Added ${member.displayName} as ${ROLE_LABELS[member.role]}.` })
        return OK
      } catch (error) {
        return outcomeFromError(error, NEW_FIELDS)
      }
    },

    updateStaff: async (staffId, values) => {
      const problem = check(StaffUpdateInput, values, UPDATE_FIELDS)
      if (problem) return problem
      set({ staffNotice: null })
      try {
        const member = await deps.call('updateStaff', { staffId, staff: values })
        upsert(member)
        set({ staffNotice: `Saved the changes to ${member.displayName}.` })
        // Editing yourself changes the name in the menu, and a role change what you may open.
        if (get().session?.staff?.id === staffId) void get().loadSession()
        return OK
      } catch (error) {
        return outcomeFromError(error, UPDATE_FIELDS)
      }
    },

    setStaffPassword: async (staffId, password) => {
      const checked = StaffPassword.safeParse(password)
      if (!checked.success) {
        return { ok: false, fieldErrors: { password: checked.error.issues[0]?.message ?? 'Check the password.' }, message: null }
      }
      set({ staffNotice: null })
      try {
        const member = await deps.call('setStaffPassword', { staffId, password })
        upsert(member)
        set({ staffNotice: `New password set for ${member.displayName}.` })
        return OK
      } catch (error) {
        return outcomeFromError(error, ['password'])
      }
    },
  }
}
