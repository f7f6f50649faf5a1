/**
 * How long a portal session may go unused. The server ends a session after this long without a
 * request; the portal page keeps its own timer of the same length, reset by the client's own
 * activity, so a tablet left alone returns to sign-in without showing the last client's details.
 */
export const PORTAL_IDLE_MINUTES = 15

/** PORTAL_IDLE_MINUTES in milliseconds. */
export const PORTAL_IDLE_MS = PORTAL_IDLE_MINUTES * 60 * 1000
