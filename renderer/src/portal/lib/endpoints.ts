import type { z } from 'zod'
import type { ActivateBody, ChangeUsernameBody, PortalMe, PortalSessionState, ResetPasswordBody, SignInBody, UsernameCheck } from '../../../../shared/portal-api'
import { getJson, postJson, renewCsrfToken } from './portal-client'

/** The portal's HTTP API, one function per route; bodies are typed by the shared schemas. */
export const portal = {
  /** Whether this browser is signed in: answered without an error status either way. */
  session: () => getJson<PortalSessionState>('/api/session'),
  /** /api/me while signed in: activity on the page keeps the server's session alive; a 401 ends the page's. */
  keepAlive: () => getJson<PortalMe>('/api/me', { session: true }),
  signIn: async (body: z.input<typeof SignInBody>) => {
    const me = await postJson<PortalMe>('/api/sign-in', body)
    renewCsrfToken()
    return me
  },
  signOut: () => postJson<{ signedOut: true }>('/api/sign-out', {}),
  activate: (body: z.input<typeof ActivateBody>) => postJson<{ activated: true; signedOut: true }>('/api/activate', body),
  resetPassword: (body: z.input<typeof ResetPasswordBody>) => postJson<{ reset: true; signedOut: true }>('/api/reset-password', body),
  /** Opening Edit username starts a change: only during one does the server answer the live check. */
  startUsernameChange: () => postJson<{ until: string }>('/api/profile/username/start', {}, { session: true }),
  checkUsername: (username: string, signal: AbortSignal) =>
    getJson<UsernameCheck>(`/api/username-available?${new URLSearchParams({ username })}`, { session: true, signal }),
  changeUsername: (body: z.input<typeof ChangeUsernameBody>) => postJson<PortalMe>('/api/profile/username', body, { session: true }),
}
