import { z } from 'zod'
import type { ChannelName } from './channels'
import { ClientInput } from './client-input'
import { ClientDetail, ClientPage, ClientStatus, Id, InviteIssued, PasswordResetIssued, PortalAccess, PortalServerStatus } from './dto'

/**
 * The whole desk API: each channel once, with the input main accepts and the output it returns.
 * Inputs are strict objects, so an unknown key is an error rather than silently dropped.
 */
export const contract = {
  listClients: {
    input: z.strictObject({
      query: z.string().max(200),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: ClientPage,
  },
  getClient: {
    input: z.strictObject({ clientId: Id }),
    output: ClientDetail,
  },
  createClient: {
    input: z.strictObject({ client: ClientInput }),
    output: ClientDetail,
  },
  updateClient: {
    input: z.strictObject({ clientId: Id, client: ClientInput }),
    output: ClientDetail,
  },
  setClientStatus: {
    input: z.strictObject({ clientId: Id, status: ClientStatus }),
    output: ClientDetail,
  },
  setPortalAccess: {
    input: z.strictObject({ clientId: Id, enabled: z.boolean() }),
    output: PortalAccess,
  },
  sendPortalInvite: {
    input: z.strictObject({ clientId: Id }),
    output: InviteIssued,
  },
  sendPasswordReset: {
    input: z.strictObject({ clientId: Id }),
    output: PasswordResetIssued,
  },
  unlockPortalAccount: {
    input: z.strictObject({ clientId: Id }),
    output: PortalAccess,
  },
  getPortalServer: {
    input: z.strictObject({}),
    output: PortalServerStatus,
  },
  setPortalServer: {
    input: z.strictObject({
      enabled: z.boolean(),
      port: z.number().int('The port is a whole number.').min(1024, 'Use a port from 1024 to 65535.').max(65535, 'Use a port from 1024 to 65535.'),
    }),
    output: PortalServerStatus,
  },
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>

export type Contract = typeof contract
/** What a caller passes (defaults may be left out). */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
/** What a handler receives, after parsing. */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>
