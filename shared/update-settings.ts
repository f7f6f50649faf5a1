import { z } from 'zod'

const GITHUB_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98}[A-Za-z0-9_])?$/

/** Where updates come from: a generic https server, or a GitHub repository's releases. */
export const UpdateFeed = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('generic'),
    url: z
      .url({ protocol: /^https$/, message: 'Give the full https:// address of the update server.' })
      .max(500, 'The address can be at most 500 characters.')
      // Zod runs these even when the address did not parse: they must not throw.
      .refine((value) => {
        const url = URL.canParse(value) ? new URL(value) : null
        return !url || (!url.username && !url.password)
      }, 'The address must not contain a user name or password.')
      .refine((value) => {
        const url = URL.canParse(value) ? new URL(value) : null
        return !url || (!url.search && !url.hash)
      }, 'Give the address without anything after ? or # (no tokens in the address).'),
  }),
  z.strictObject({
    type: z.literal('github'),
    owner: z.string().trim().regex(GITHUB_NAME, 'Give the GitHub owner, for example my-practice.'),
    repo: z.string().trim().regex(GITHUB_NAME, 'Give the repository name, for example portico.'),
  }),
])
export type UpdateFeed = z.infer<typeof UpdateFeed>

/** Settings → Updates (admins). Off by default: many practices are offline. */
export const UpdateSettings = z.strictObject({
  enabled: z.boolean(),
  feed: UpdateFeed.nullable(),
}).refine((s) => !s.enabled || s.feed !== null, { message: 'Choose where updates come from before turning them on.', path: ['feed'] })
export type UpdateSettings = z.infer<typeof UpdateSettings>

export const UPDATE_SETTINGS_DEFAULT: UpdateSettings = { enabled: false, feed: null }
