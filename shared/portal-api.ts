import { z } from 'zod'
import { UNSTORABLE, UNSTORABLE_MESSAGE } from './client-input'

/**
 * The client portal's HTTP API: request bodies (validated by the server with these schemas) and
 * what each answer carries. Every answer is a `Result` envelope, as on the desk's IPC.
 */
/**
 * Typed text: control characters (NUL among them) and broken symbols can't be looked up or stored,
 * on any engine (PostgreSQL refuses NUL in text), so they are refused here with a plain message.
 */
const text = (max: number, empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(max)
    .refine((v) => !UNSTORABLE.test(v), `This ${UNSTORABLE_MESSAGE}`)
const secret = (empty: string) => z.string().min(1, empty).max(1024)

export const ActivateBody = z.strictObject({
  code: text(40, 'Enter the invite code from the practice.'),
  dateOfBirth: z.iso.date('Enter your date of birth.'),
  username: text(200, 'Choose a username.'),
  password: secret('Choose a password.'),
})

export const SignInBody = z.strictObject({
  username: text(200, 'Enter your username.'),
  password: secret('Enter your password.'),
})

export const ResetPasswordBody = z.strictObject({
  username: text(200, 'Enter your username.'),
  code: text(40, 'Enter the reset code from the practice.'),
  newPassword: secret('Choose a new password.'),
})

export const ChangeUsernameBody = z.strictObject({
  newUsername: text(200, 'Enter the new username.'),
  currentPassword: secret('Enter your current password.'),
})

export const UsernameQuery = z.strictObject({ username: z.string().max(200).refine((v) => !UNSTORABLE.test(v), `This ${UNSTORABLE_MESSAGE}`) })

/** The signed-in client, as the portal shows them. */
export const PortalMe = z.strictObject({
  firstName: z.string(),
  lastName: z.string(),
  preferredName: z.string().nullable(),
  username: z.string(),
  email: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
})
export type PortalMe = z.infer<typeof PortalMe>

/** GET /api/session: signed in (with who), or not (with why, when a session just ended). */
export const PortalSessionState = z.discriminatedUnion('signedIn', [
  z.strictObject({ signedIn: z.literal(true), me: PortalMe }),
  z.strictObject({ signedIn: z.literal(false), notice: z.string().nullable() }),
])
export type PortalSessionState = z.infer<typeof PortalSessionState>

export type UsernameCheck = { available: boolean; problem: string | null }
