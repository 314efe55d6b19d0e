// src/model/ owns the data every layer shares, at the bottom of the program: the run model
// (Failure, StageResult, RunReport, the root-cause kinds) in report.ts and the coverage report
// types in coverage.ts, sharding's records in shard.ts. Plain types and constants; it imports nothing from outside this folder.
//
// The one model of a run, at the bottom of the program: stages produce StageResults,
// the pipeline folds them into a RunReport, every reporter reads it. Imports nothing.

/** The fixed list of root-cause kinds; also the values of the `root-cause-kind` output. */
export const ROOT_CAUSE_KINDS = [
  'invalid-input',
  'toolchain',
  'dependency',
  'mod-tidy',
  'lint',
  'compile-error',
  'vet-error',
  'test-failure',
  'panic',
  'data-race',
  'timeout',
  'package-failure',
  'coverage-below-threshold',
  'build-error',
  'cancelled',
  'internal-error'
] as const
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number]

/**
 * The explaining order of kinds, lowest first: when one run fails several ways, the
 * earlier kind explains the later ones (a toolchain that cannot run breaks everything,
 * a missing module breaks the compile, a compile error fails the tests, a race or a
 * failing test comes before a binary that merely exited non-zero). Equal ranks keep
 * the order the failures happened in.
 */
export const EXPLAINING_RANK: Readonly<Record<RootCauseKind, number>> = {
  'invalid-input': 0,
  toolchain: 0,
  dependency: 1,
  'compile-error': 2,
  'vet-error': 3,
  'data-race': 4,
  'test-failure': 5,
  panic: 5,
  timeout: 5,
  'mod-tidy': 5,
  'coverage-below-threshold': 5,
  'build-error': 5,
  cancelled: 5,
  'internal-error': 5,
  'package-failure': 6,
  lint: 7
}

/** Stages in pipeline order. */
export const STAGE_NAMES = ['tidy', 'lint', 'unit', 'integration', 'build'] as const
export type StageName = (typeof STAGE_NAMES)[number]

/** The phase a failure happened in when it was not a stage (input parsing, set-up). */
export type Phase = StageName | 'setup'

export interface Location {
  /** Path relative to the repository root, with forward slashes. */
  file: string
  line?: number
  col?: number
  endLine?: number
}

export type Severity = 'error' | 'warning' | 'notice'

export interface Failure {
  kind: RootCauseKind
  stage: Phase
  severity: Severity
  /** Go import path of the package, when the failure belongs to one. */
  package?: string
  /** Full test name (`TestX/sub_case`), when the failure belongs to a test. */
  test?: string
  /** The tool that reported it, when that is what names it (a linter: `errcheck`). */
  tool?: string
  location?: Location
  /** One line, used for titles and the `root-cause` output. */
  title: string
  /** The lines of output that explain the failure (already cut to what matters). */
  message: string
  /** The full captured output, capped; shown collapsed in the summary. */
  output?: string[]
  /** The source lines a finding is about, as the tool printed them (golangci-lint's SourceLines). */
  source?: string[]
  /** True when lines were dropped from `output` to keep memory bounded. */
  outputTruncated?: boolean
  /** What reruns made of it (rerun-failed): `failed 3 of 3 attempts`, or that it is flaky. */
  rerun?: string
  /** Which coverage gate a coverage-below-threshold failure is: the total, the drop against the base, the patch. */
  coverageGate?: 'total' | 'drop' | 'patch'
}

export interface TestCounts {
  passed: number
  failed: number
  skipped: number
}

export type PackageStatus = 'passed' | 'failed' | 'skipped' | 'no-tests' | 'not-run'

export interface PackageResult {
  importPath: string
  status: PackageStatus
  elapsedSeconds?: number
  cached?: boolean
  tests: TestCounts
}

export type StageStatus = 'passed' | 'failed' | 'skipped'

export interface StageResult {
  stage: StageName
  status: StageStatus
  /** Why a skipped stage did not run (fail-fast, nothing to do, ...). */
  skipReason?: string
  durationMs: number
  /** Failures in explaining order: the one that explains the others first. */
  failures: Failure[]
  /** Findings that do not fail the stage (warnings, notices), e.g. lint warnings, coverage notices. */
  notices: Failure[]
  /** Sentences for the summary: fallbacks taken, things noticed. */
  notes: string[]
  /** The command that ran, for the log and the summary. */
  command?: string
  tests?: TestCounts
  packages?: PackageResult[]
  /** Packages that never ran because the stage stopped early. */
  notRun?: string[]
  /** Stage-specific extras reporters may show. */
  coverage?: import('./coverage.js').CoverageReport
  coverageThreshold?: number
  /** Coverage against the base branch (pull requests); see coverage-drop-max. */
  coverageComparison?: import('./coverage.js').CoverageComparison
  /** Coverage of the pull request's changed lines; see patch-coverage-threshold. */
  patchCoverage?: import('./coverage.js').PatchCoverage
  /** A diff (mod-tidy), shown as a code block. */
  diff?: string
  /** The raw tail of output when the stage failed and could not be explained. */
  rawTail?: string[]
  /** Tests that failed and then passed on a rerun (rerun-failed). */
  flaky?: FlakyTest[]
  /** Quarantined tests seen in the run: failed (not blocking) or passed (can be released). */
  quarantined?: QuarantinedTest[]
  /** The packages this shard ran in this stage, and why (input `shard`; unit and integration only). */
  shard?: import('./shard.js').ShardAssignment
  /**
   * Every test that ended, with its time: kept only when a report needs them (junit-file, a shard's
   * result), at most MAX_TEST_CASES; `testCasesDropped` counts the rest.
   */
  testCases?: TestCase[]
  testCasesDropped?: number
}

/** One test as it ended in the first run (JUnit's testcase). */
export interface TestCase {
  package: string
  test: string
  status: 'passed' | 'failed' | 'skipped'
  elapsedSeconds?: number
}

export interface QuarantinedTest {
  package: string
  test: string
  failed: boolean
  failure?: Failure
}

/** A test that failed, then passed when it was run again alone. */
export interface FlakyTest {
  package: string
  test: string
  /** The attempt (1 is the first run) that passed, and how many ran in all. */
  passedOn: number
  attempts: number
  /** The first attempt's failure: its message and location. */
  firstFailure: Failure
}

export interface EnvironmentFingerprint {
  goVersion?: string
  goModGo?: string
  goModToolchain?: string
  goos?: string
  goarch?: string
  cgoEnabled?: string
  goflags?: string
  goproxy?: string
  runnerOs?: string
}

export interface CacheReport {
  hit: 'true' | 'partial' | 'false'
  key?: string
  matchedKey?: string
  restoreMs?: number
  restoredBytes?: number
  notes: string[]
}

export interface RunReport {
  result: 'success' | 'failure'
  /** The failure that explains the run, when it failed. */
  rootCause?: Failure
  stages: StageResult[]
  /** Failures outside any stage (invalid input, toolchain, cancellation). */
  setupFailures: Failure[]
  tests: TestCounts
  durationMs: number
  environment?: EnvironmentFingerprint
  cache?: CacheReport
  /** Where the module lives relative to the repository root ('.' at the root). */
  workingDirectory: string
  /** The shard this run was (input `shard`), and which packages it ran: the first sharded stage's (unit's when it ran). */
  shard?: import('./shard.js').ShardAssignment
}
