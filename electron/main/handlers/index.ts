import type { HandlerMap } from '../dispatcher'
import { clientHandlers } from './clients.handlers'
import { portalAccessHandlers } from './portal-access.handlers'
import { portalServerHandlers } from './portal-server.handlers'

/** Every channel's handler. Leaving one out is a compile error. */
export const handlers: HandlerMap = { ...clientHandlers, ...portalAccessHandlers, ...portalServerHandlers }
