import { z } from 'zod'
import { UNSTORABLE, UNSTORABLE_MESSAGE } from './client-input'
import { PASSWORD_MAX } from './password-rules'
import { USERNAME_MAX } from './username'
import { StaffRole } from './dto'

const displayName = z.string().refine((v) => !UNSTORABLE.test(v), `The name ${UNSTORABLE_MESSAGE}`).trim().min(1, 'Enter a name, as colleagues should see it.').max(100, 'A name can be at most 100 characters.')
const username = z.string().trim().min(1, 'Enter a username.').max(USERNAME_MAX)
const password = z.string().min(1, 'Enter a password.').max(PASSWORD_MAX)

export const NewStaffInput = z.strictObject({ username, displayName, role: StaffRole, password })
export const StaffUpdateInput = z.strictObject({ displayName, role: StaffRole, active: z.boolean() })
export const PracticeSetupInput = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('demo') }),
  z.strictObject({
    mode: z.literal('new'),
    practiceName: z.string().refine((v) => !UNSTORABLE.test(v), `The practice name ${UNSTORABLE_MESSAGE}`).trim().min(1, 'Enter the practice’s name.').max(120, 'A practice name can be at most 120 characters.'),
    username,
    displayName,
    password,
  }),
])
export { password as StaffPassword }
