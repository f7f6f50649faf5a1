// PLACEHOLDER until the real module is merged from main: same signatures, no behaviour.
import type { ServerSettings } from './server-settings'

export type ServerProblem = 'unreachable' | 'wrong-password' | 'no-database' | 'too-old' | 'tls-required' | 'tls-failed' | 'not-portico' | 'holds-practice' | 'empty'

export type ServerCheck = { ok: true; version: string; holdsPractice: boolean; clients: number | null } | { ok: false; problem: ServerProblem; message: string }

export async function checkServer(_settings: ServerSettings, _purpose: 'join' | 'move'): Promise<ServerCheck> {
  throw new Error('not yet merged')
}
