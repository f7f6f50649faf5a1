import chardet from 'chardet'
import iconv from 'iconv-lite'

/** The encodings a practice's export arrives in, as the desk names them. */
export const FILE_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const
export type FileEncoding = (typeof FILE_ENCODINGS)[number]

/** The file as text, and the encoding it was read in (detected unless the caller named one). */
export interface DecodedFile {
  text: string
  encoding: FileEncoding
}

const hasPrefix = (bytes: Buffer, ...prefix: number[]) => prefix.every((b, i) => bytes[i] === b)

/** A byte-order mark names the encoding outright; without one, valid UTF-8 is UTF-8. */
function detectEncoding(bytes: Buffer): FileEncoding {
  if (hasPrefix(bytes, 0xef, 0xbb, 0xbf)) return 'utf-8'
  if (hasPrefix(bytes, 0xff, 0xfe)) return 'utf-16le'
  if (hasPrefix(bytes, 0xfe, 0xff)) return 'utf-16be'
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    return 'utf-8'
  } catch {
    // Not UTF-8: ask chardet. Without a BOM a UTF-16 file still shows itself by its zero bytes.
  }
  const guess = (chardet.detect(bytes) ?? '').toLowerCase()
  if (guess === 'utf-16le' || guess === 'utf-16be') return guess
  // ISO-8859-1 is how chardet names most Western legacy files; Windows-1252 is its superset that Excel writes.
  return 'windows-1252'
}

/**
 * Reads a file's bytes as text: UTF-8 with or without a BOM, UTF-16 LE/BE with a BOM, or
 * Windows-1252 (a spreadsheet's legacy "CSV"). The BOM is removed. `encoding` overrides detection
 * (the desk lets an admin change it).
 */
export function decodeClientFile(bytes: Buffer, encoding?: FileEncoding): DecodedFile {
  const chosen = encoding ?? detectEncoding(bytes)
  // iconv-lite strips a BOM by default.
  return { text: iconv.decode(bytes, chosen), encoding: chosen }
}
