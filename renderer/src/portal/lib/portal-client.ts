import type { ApiError, ErrorCode, FieldIssue } from '../../../../shared/errors'

/** Server codes, plus NETWORK for when the portal could not be reached at all. */
export type PortalErrorCode = ErrorCode | 'NETWORK'

/** A failed portal call, carrying the server's code, message and field problems. */
export class PortalError extends Error {
  readonly code: PortalErrorCode
  readonly fields: FieldIssue[]

  constructor(error: { code: PortalErrorCode; message: string; fields?: FieldIssue[] }) {
    super(error.message)
    this.name = 'PortalError'
    this.code = error.code
    this.fields = error.fields ?? []
  }
}

const NETWORK_MESSAGE = 'We couldn’t reach the practice’s portal. Check your connection and try again.'

/** Used only when an answer is not an envelope (a proxy page, a crash): the status is all we have. */
function errorForStatus(status: number): ApiError {
  if (status === 429) return { code: 'RATE_LIMITED', message: 'Too many attempts from this device. Wait a minute and try again.' }
  if (status === 401) return { code: 'UNAUTHENTICATED', message: 'Please sign in again.' }
  return { code: 'INTERNAL', message: 'Something went wrong on our side. Nothing was changed. Please try again.' }
}

function asError(body: unknown): ApiError | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null
  const error = (body as { error: unknown }).error
  if (typeof error !== 'object' || error === null) return null
  const { code, message, fields } = error as Record<string, unknown>
  if (typeof code !== 'string' || typeof message !== 'string') return null
  return { code: code as ErrorCode, message, ...(Array.isArray(fields) ? { fields: fields as FieldIssue[] } : {}) }
}

interface SendOptions {
  body?: unknown
  token?: string
  signal?: AbortSignal
}

/** One request; the envelope is read whatever the HTTP status, since errors carry their message in it. */
async function send<T>(method: 'GET' | 'POST', url: string, options: SendOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  if (options.token) headers['x-csrf-token'] = options.token
  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    })
  } catch (error) {
    if (options.signal?.aborted) throw error
    throw new PortalError({ code: 'NETWORK', message: NETWORK_MESSAGE })
  }
  const body: unknown = await response.json().catch(() => null)
  if (typeof body === 'object' && body !== null && (body as { ok?: unknown }).ok === true && 'value' in body) {
    return (body as { value: T }).value
  }
  throw new PortalError(asError(body) ?? errorForStatus(response.status))
}

let csrf: Promise<string> | null = null

/** The CSRF token every POST sends; fetched once and shared. A failed fetch is not remembered. */
export function csrfToken(): Promise<string> {
  if (!csrf) {
    const pending = send<{ token: string }>('GET', '/api/csrf').then((value) => value.token)
    csrf = pending
    pending.catch(() => {
      if (csrf === pending) csrf = null
    })
  }
  return csrf
}

/**
 * Sign-in gives the browser a new CSRF secret, so the token held from before no longer works:
 * drop it and fetch the new one now, so the next change doesn't wait for (or fail on) it.
 */
export function renewCsrfToken(): void {
  csrf = null
  csrfToken().catch(() => undefined)
}

/** True when the error means the client is no longer signed in (timed out, signed out, access off). */
export function isSessionEnd(error: unknown): error is PortalError {
  return error instanceof PortalError && (error.code === 'UNAUTHENTICATED' || error.code === 'ACCESS_DISABLED')
}

let sessionEndedListener: ((error: PortalError) => void) | null = null

/** Registers the one listener told when a signed-in call finds the session gone. Returns an unsubscribe. */
export function onSessionEnded(listener: (error: PortalError) => void): () => void {
  sessionEndedListener = listener
  return () => {
    if (sessionEndedListener === listener) sessionEndedListener = null
  }
}

export interface CallOptions {
  /** The call needs a session, so UNAUTHENTICATED means "it ended" (not "wrong password"). */
  session?: boolean
  signal?: AbortSignal
}

function reportSessionEnd(error: unknown, options: CallOptions): never {
  if (options.session && isSessionEnd(error)) sessionEndedListener?.(error)
  throw error
}

/** GET a JSON envelope; throws PortalError on failure. */
export async function getJson<T>(url: string, options: CallOptions = {}): Promise<T> {
  try {
    return await send<T>('GET', url, options.signal ? { signal: options.signal } : {})
  } catch (error) {
    return reportSessionEnd(error, options)
  }
}

/** POST JSON with the CSRF token. An expired token (FORBIDDEN) is fetched afresh and the call tried once more. */
export async function postJson<T>(url: string, body: unknown, options: CallOptions = {}): Promise<T> {
  try {
    try {
      return await send<T>('POST', url, { body, token: await csrfToken() })
    } catch (error) {
      if (!(error instanceof PortalError) || error.code !== 'FORBIDDEN') throw error
      csrf = null
      return await send<T>('POST', url, { body, token: await csrfToken() })
    }
  } catch (error) {
    return reportSessionEnd(error, options)
  }
}
