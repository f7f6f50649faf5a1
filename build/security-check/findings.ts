import { relative, sep } from 'node:path'
import { z } from 'zod'

export const SEVERITIES = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH'] as const
export const CONFIDENCES = ['TENTATIVE', 'FIRM', 'CERTAIN'] as const

/** One electronegativity finding, with its file relative to the repository root in / form. */
export interface Finding {
  id: string
  file: string
  line: number
  column: number
  severity: (typeof SEVERITIES)[number]
  confidence: (typeof CONFIDENCES)[number]
  description: string
  sample: string
}

/**
 * Findings that must be explained: HIGH and MEDIUM at every confidence. A TENTATIVE finding is
 * one the tool wants a person to look at, and the allowlist is where that person's answer lives.
 */
export const mustBeExplained = (finding: Finding): boolean => finding.severity === 'HIGH' || finding.severity === 'MEDIUM'

const AllowlistEntry = z.strictObject({
  id: z.string().regex(/^[A-Z0-9_]+$/, 'a check id such as OPEN_EXTERNAL_JS_CHECK'),
  file: z.string().regex(/^[^\\]+$/, 'a path from the repository root, with / separators'),
  /** Only when one file has the same finding twice and only one of them is acceptable. */
  line: z.number().int().positive().optional(),
  reason: z.string().trim().min(30, 'a reason a reviewer can check, not a placeholder'),
})
export type AllowlistEntry = z.infer<typeof AllowlistEntry>

export const Allowlist = z.strictObject({
  about: z.string(),
  entries: z.array(AllowlistEntry),
})

const Issue = z.looseObject({
  id: z.string(),
  file: z.string(),
  location: z.looseObject({ line: z.number(), column: z.number() }),
  description: z.string().optional(),
  sample: z.string().optional(),
  severity: z.looseObject({ name: z.enum(SEVERITIES) }),
  confidence: z.looseObject({ name: z.enum(CONFIDENCES) }),
})
const ScanResult = z.looseObject({
  errors: z.array(z.looseObject({ file: z.string(), message: z.string(), tolerable: z.boolean().optional() })),
  issues: z.array(Issue),
})

/** Files the scanner could not parse: nothing in them was checked, so the check must not pass. */
export interface ParseFailure {
  file: string
  message: string
}

/**
 * Turns electronegativity's programmatic result (run without `isRelative`, so files are absolute)
 * into findings and parse failures. Its shape is checked, so a changed API fails loudly here.
 */
export function readScan(raw: unknown, root: string): { findings: Finding[]; parseFailures: ParseFailure[] } {
  const scan = ScanResult.parse(raw)
  const fromRoot = (file: string) => (file === 'N/A' ? file : relative(root, file).split(sep).join('/'))
  return {
    findings: scan.issues.map((issue) => ({
      id: issue.id,
      file: fromRoot(issue.file),
      line: issue.location.line,
      column: issue.location.column,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      description: issue.description ?? '',
      sample: issue.sample ?? '',
    })),
    parseFailures: scan.errors.filter((e) => !e.tolerable).map((e) => ({ file: fromRoot(e.file), message: e.message })),
  }
}

const matches = (entry: AllowlistEntry, finding: Finding): boolean =>
  entry.id === finding.id && entry.file === finding.file && (entry.line === undefined || entry.line === finding.line)

export interface Verdict {
  /** Every finding, each with the allowlist entry that explains it, if one does. */
  rows: { finding: Finding; gated: boolean; explainedBy: AllowlistEntry | undefined }[]
  /** HIGH or MEDIUM findings no entry explains. */
  unexplained: Finding[]
  /** Entries that explain no HIGH or MEDIUM finding any more: the code changed, so must the list. */
  stale: AllowlistEntry[]
  parseFailures: ParseFailure[]
  ok: boolean
}

/** Compares a scan with the allowlist. Entries match by check id and file, and by line only if they give one. */
export function judge(findings: Finding[], allowlist: AllowlistEntry[], parseFailures: ParseFailure[] = []): Verdict {
  const rows = findings.map((finding) => ({
    finding,
    gated: mustBeExplained(finding),
    explainedBy: mustBeExplained(finding) ? allowlist.find((entry) => matches(entry, finding)) : undefined,
  }))
  const unexplained = rows.filter((r) => r.gated && !r.explainedBy).map((r) => r.finding)
  const stale = allowlist.filter((entry) => !rows.some((r) => r.gated && matches(entry, r.finding)))
  return { rows, unexplained, stale, parseFailures, ok: unexplained.length === 0 && stale.length === 0 && parseFailures.length === 0 }
}

const clip = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** The verdict as table rows for console.table, most severe first (reasons clipped: the file has them whole). */
export function tableRows(verdict: Verdict): Record<string, string>[] {
  const rank = (f: Finding) => SEVERITIES.indexOf(f.severity) * 10 + CONFIDENCES.indexOf(f.confidence)
  return [...verdict.rows]
    .sort((a, b) => rank(b.finding) - rank(a.finding) || a.finding.file.localeCompare(b.finding.file) || a.finding.line - b.finding.line)
    .map(({ finding, gated, explainedBy }) => ({
      status: !gated ? 'info' : explainedBy ? 'allowlisted' : 'FAIL',
      severity: finding.severity,
      confidence: finding.confidence,
      check: finding.id,
      where: `${finding.file}:${finding.line}:${finding.column}`,
      note: clip(explainedBy ? explainedBy.reason : finding.description),
    }))
}
