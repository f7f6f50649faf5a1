/** Error codes that cross the IPC boundary. Messages are written for the front-desk user. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'STORAGE_BUSY',
  // The practice's shared database server can't be reached right now (several desks, one server).
  'STORAGE_UNREACHABLE',
  // The database can't be written: the disk is full, it is read-only, the disk failed, or it is damaged.
  'STORAGE_FULL',
  'STORAGE_READONLY',
  'STORAGE_IO',
  'STORAGE_DAMAGED',
  'CONFLICT',
  'INTERNAL',
  // The desk's session: it is locked, and the same staff member must unlock it.
  'SESSION_LOCKED',
  // The client portal's own outcomes:
  'UNAUTHENTICATED',
  'ACCESS_DISABLED',
  'LOCKED',
  'CODE_NOT_USABLE',
  'RATE_LIMITED',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** A field-level problem, so forms can show the message beside the field that caused it. */
export interface FieldIssue {
  field: string
  message: string
}

export interface ApiError {
  code: ErrorCode
  message: string
  fields?: FieldIssue[]
  /** For LOCKED: when attempts are allowed again (ISO-8601 UTC); the message says it in words. */
  retryAt?: string
}

/** The envelope every call returns. Errors are values: nothing is thrown across IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError }
