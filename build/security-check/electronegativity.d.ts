/** The parts of @doyensec/electronegativity's programmatic API that the security check uses (it ships no types). */
declare module '@doyensec/electronegativity' {
  interface Level {
    value: number
    name: string
  }
  interface Issue {
    id: string
    file: string
    location: { line: number; column: number }
    sample?: string
    description: string
    severity: Level
    confidence: Level
    manualReview: boolean
  }
  /** `errors` are files it could not parse (not findings); `tolerable` ones were parsed with warnings. */
  interface Result {
    globalChecks: number
    atomicChecks: number
    errors: { file: string; message: string; tolerable: boolean }[]
    issues: Issue[]
  }
  interface Options {
    input: string
    isRelative?: boolean
    electronVersionOverride?: string
    excludeFromScan?: string[]
    customScan?: string[]
    parserPlugins?: string[]
  }
  export default function run(options: Options, forCli?: boolean): Promise<Result>
}
