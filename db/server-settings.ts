// PLACEHOLDER until the real module is merged from main: same signatures, no behaviour.
export type ServerTls = 'off' | 'require' | 'verify'

export interface ServerSettings {
  host: string
  port: number
  database: string
  user: string
  password: string
  tls: ServerTls
  caFile?: string
}

export function serverUrl(_settings: ServerSettings): string {
  throw new Error('not yet merged')
}

export function describeServer(_settings: ServerSettings): string {
  throw new Error('not yet merged')
}
