import type { FastifyReply, FastifyRequest } from 'fastify'

/** The cookie @fastify/csrf-protection keeps its per-browser secret in (its default name). */
export const CSRF_COOKIE = '_csrf'

/**
 * Gives the browser a new CSRF secret, so a token obtained before this point (planted by a
 * script, or read before sign-in on a shared device) stops working. The plugin makes a new secret
 * only when the request carries none, so the old one is set aside first; the new cookie has the
 * plugin's options (HttpOnly, SameSite=Strict, Secure over HTTPS). The page fetches a new token.
 */
export function renewCsrfSecret(request: FastifyRequest, reply: FastifyReply): void {
  request.cookies[CSRF_COOKIE] = undefined
  reply.generateCsrf()
}
