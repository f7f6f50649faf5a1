import { z } from 'zod'
import type { ChannelName } from './channels'
import { ClientInput } from './client-input'
import { ClientDetail, ClientPage, ClientStatus, Id, InviteIssued, PortalAccess } from './dto'

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
} as const satisfies Record<ChannelName, { input: z.ZodType; output: z.ZodType }>

export type Contract = typeof contract
/** What a caller passes (defaults may be left out). */
export type ChannelInput<K extends ChannelName> = z.input<Contract[K]['input']>
/** What a handler receives, after parsing. */
export type ParsedInput<K extends ChannelName> = z.output<Contract[K]['input']>
export type ChannelOutput<K extends ChannelName> = z.output<Contract[K]['output']>
