// What the coverage gate reports: plain data, built by coverage/summarize.ts, read by reporters. Imports nothing.

export type CoverageMode = 'set' | 'count' | 'atomic'

export interface CoverageFile {
  /** Repository-relative, `/`-separated: `service/api/internal/x/y.go`. */
  file: string
  /** The file as the profile names it, import-path qualified: `example.com/m/internal/x/y.go`. */
  importPath: string
  statements: number
  covered: number
  /** The uncovered block (with statements) that starts first in the file; 1-based lines and columns. */
  firstUncovered?: { line: number; col: number; endLine: number }
  /** Blocks with statements that never ran. */
  uncoveredBlocks: number
}

export interface CoveragePackage {
  /** The package's import path: the directory of its files' import-path names. */
  importPath: string
  statements: number
  covered: number
  /** 100 * covered / statements, 0 when there are no statements (as Go prints it). */
  percent: number
}

export interface CoverageReport {
  mode: CoverageMode
  statements: number
  covered: number
  /** Exact: 100 * covered / statements as Go computes it, 0 when there are no statements. */
  percent: number
  /** `percent` as `go tool cover -func` prints its `total:` line, without the `%`: `83.3`. */
  percentText: string
  /** Lowest percent first; packages without statements last. */
  packages: CoveragePackage[]
  /** Least covered first: uncovered statements descending, then path. */
  files: CoverageFile[]
  /** Distinct files of the profile dropped by the exclude globs. */
  excludedFiles: number
  /** The profile the report was read from, as given (repository-relative when inside it). */
  profile: string
}

/** One block as a profile line states it; the input of `summarizeCoverage`. */
export interface CoverageBlock {
  /** Import-path qualified (`example.com/m/x/y.go`) or absolute, as the profile names it. */
  file: string
  startLine: number
  startCol: number
  endLine: number
  endCol: number
  numStmt: number
  count: number
}

/** A Go module of the repository: `go list -m -json` gives `Path` and `Dir`. */
export interface CoverageModule {
  /** Module path: `example.com/m`. */
  path: string
  /** Absolute directory holding its go.mod. */
  dir: string
}

export interface CoverageOptions {
  /** Absolute repository root; reported file names are relative to it. */
  repoRoot: string
  modules: CoverageModule[]
  /** picomatch globs over repository-relative file names: `**\/*.pb.go`, `**\/mocks/**`. */
  exclude: string[]
}

/**
 * The compact coverage record a push to the default branch leaves in the cache, and a pull request
 * compares against: per file, covered and total statements; never any source.
 */
export interface CoverageBaseline {
  /** The record's format; a reader refuses a version it does not know. */
  schema: 1
  /** Branch the record was made on (`main`) and the commit it measured. */
  branch: string
  sha: string
  /** Module folder relative to the repository root, as working-directory says it. */
  workingDirectory: string
  statements: number
  covered: number
  /** Repository-relative file → [covered, statements]. */
  files: Record<string, [number, number]>
}

/** Coverage against the base branch's baseline (pull requests), or why there is none. */
export interface CoverageComparison {
  /** Set when a baseline was found; otherwise `missing` says why not (for the summary). */
  base?: { branch: string; sha: string; percent: number }
  missing?: string
  /** Points: this run's total percent minus the baseline's. */
  delta?: number
  /** Per package, the packages present in either run; delta in points, undefined when new or gone. */
  packages?: { importPath: string; percent: number; basePercent?: number; delta?: number }[]
  /** coverage-drop-max when set: the most points the total may fall. */
  dropMax?: number
}

/** A pull request's changed lines intersected with the profile's statements. */
export interface PatchCoverage {
  /** Commit the changes are measured from (the pull request's base). */
  baseSha: string
  /** Statements on changed lines, and those covered. */
  statements: number
  covered: number
  /** 100 * covered / statements; undefined when no changed line holds a statement. */
  percent?: number
  /** patch-coverage-threshold when set. */
  threshold?: number
  /** Uncovered changed lines, merged into ranges, file order then line order. */
  uncovered: { file: string; startLine: number; endLine: number }[]
  /** Changed files left out: excluded by coverage-exclude, generated, or not Go. */
  skippedFiles: number
}
