/** Portal passwords: long, no composition rules, and not a common one (checked by main). */
export const PASSWORD_MIN = 12
export const PASSWORD_MAX = 256

/** The length rule, shared so the portal can say it up front; strength is checked in main. */
export function passwordLengthProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters. A few unrelated words make a good password.`
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`
  return null
}
