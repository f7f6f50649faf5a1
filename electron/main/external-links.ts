/**
 * The only web addresses Portico hands to the system browser: https on these hosts (and their
 * subdomains). Anything else a page tries to open — http, file, smb, javascript, custom schemes,
 * other hosts — is dropped. Add a host here only when the desk itself links to it.
 */
export const EXTERNAL_HTTPS_HOSTS: readonly string[] = ['github.com', 'electronjs.org']

/** A plain e-mail address: no display name, no list, no ?cc=/&attach= headers. */
const MAILTO_ADDRESS = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/

const hostAllowed = (host: string) => EXTERNAL_HTTPS_HOSTS.some((allowed) => host === allowed || host.endsWith(`.${allowed}`))

/** Whether `url` may go to `shell.openExternal`: an allowed https link or a plain mailto: address. */
export function isAllowedExternal(url: string): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol === 'mailto:') {
    return parsed.search === '' && parsed.hash === '' && MAILTO_ADDRESS.test(decodeURIComponentSafe(parsed.pathname))
  }
  if (parsed.protocol !== 'https:') return false
  // Credentials in a link are a classic way to disguise where it really goes.
  if (parsed.username || parsed.password) return false
  if (parsed.port !== '') return false
  return hostAllowed(parsed.hostname.toLowerCase())
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return ''
  }
}
