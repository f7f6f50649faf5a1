import { PASSWORD_MIN } from '../../../../shared/password-rules'
import { USERNAME_MAX, USERNAME_MIN } from '../../../../shared/username'

/** The username rules, said up front; the characters stay together so "@" never wraps alone. */
export function UsernameHint() {
  return (
    <>
      {USERNAME_MIN} to {USERNAME_MAX} characters: letters a–z (no accents), digits and <span className="nowrap">. _ - @</span>
    </>
  )
}

/** The password rule, said up front; strength is judged by the server. */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. A few unrelated words work well; not your name, birthday, email or phone.`
