/**
 * Portal usernames. The client picks one; staff only ever read it.
 *
 * A username is stored as its NFKC form (so a full-width "ｊｏｅ" becomes "joe") and is unique by
 * its lower-cased NFKC form. After NFKC only ASCII letters, digits and `. _ - @` are allowed: staff
 * read usernames aloud to clients, so look-alike letters from other scripts are refused outright.
 */
export const USERNAME_MIN = 3
export const USERNAME_MAX = 64
const USERNAME_PATTERN = /^[A-Za-z0-9._@-]+$/

/** The form a username is stored and shown in. */
export function canonicalUsername(raw: string): string {
  return raw.normalize('NFKC').trim()
}

/** The key uniqueness is decided on: NFKC, then lower case. */
export function usernameKey(raw: string): string {
  return canonicalUsername(raw).toLowerCase().normalize('NFKC')
}

/** Returns a message for the client when the username is not acceptable, or null when it is. */
export function usernameProblem(raw: string): string | null {
  const name = canonicalUsername(raw)
  if (name.length < USERNAME_MIN || name.length > USERNAME_MAX) {
    return `A username is ${USERNAME_MIN} to ${USERNAME_MAX} characters long.`
  }
  if (!USERNAME_PATTERN.test(name)) {
    return 'Use only letters a–z (no accents), digits and . _ - @ in a username.'
  }
  return null
}
