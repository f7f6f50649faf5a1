/** The separators a clients file may use between values. */
export const DELIMITERS = [',', ';', '\t', '|'] as const
export type Delimiter = (typeof DELIMITERS)[number]

/**
 * The separator of the file's first non-blank line (its header row): the candidate it holds most
 * often outside double quotes. A single-column file, or one with none of them, is read as commas.
 */
export function detectDelimiter(text: string): Delimiter {
  const first = text.split(/\r\n|\r|\n/).find((line) => line.trim() !== '') ?? ''
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]))
  let quoted = false
  for (const char of first) {
    if (char === '"') quoted = !quoted
    else if (!quoted && counts.has(char as Delimiter)) counts.set(char as Delimiter, counts.get(char as Delimiter)! + 1)
  }
  let best: Delimiter = ','
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d
  return best
}
