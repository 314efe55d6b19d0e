// What golangci-lint's and go vet's exit status means once their output was read:
// findings, golangci-lint's own timeout, no Go files, or a tool that is broken.
import type { Failure } from '../model/report.js'
import { messageTail } from '../text/lines.js'
import type { LintFinding } from './finding.js'
import { typeErrorKind } from './finding.js'
import type { GolangciReport } from './golangci.js'

// golangci-lint's exit codes (pkg/exitcodes): 3 failure, 4 its own --timeout, 5 no Go files.
const EXIT_TIMEOUT = 4
const EXIT_NO_GO_FILES = 5

/** A golangci-lint run that ended on its own (not stopped by go-gate, and started). */
export interface GolangciRun {
  version: string
  exitCode: number | null
  signal: string | null
  /** The last lines it printed. */
  tail: string[]
  /** The exit code that means "issues found" (see issuesExitCode). */
  issuesExitCode: number
  /** The module folder as the user named it, for the no-Go-files note. */
  workingDirectory: string
  /** Its JSON result, when it could be read. */
  report?: GolangciReport
  /** Why the JSON result could not be read, when it could not. */
  unreadable?: string
}

export interface LintOutcome {
  findings: LintFinding[]
  /** Failures that explain the stage before any finding (the tool's own trouble). */
  leading: Failure[]
  notes: string[]
  /** The output to show when the run is not explained by its findings. */
  rawTail?: string[]
}

function toolchainFailure(title: string, message: string, output?: string[]): Failure {
  const failure: Failure = { kind: 'toolchain', stage: 'lint', severity: 'error', title, message }
  if (output) failure.output = output
  return failure
}

/** Reads golangci-lint's exit status together with its JSON result. */
export function judgeGolangciRun(run: GolangciRun): LintOutcome {
  const { report, tail, exitCode } = run
  const notes = (report?.warnings.slice(0, 5) ?? []).map((warning) => `golangci-lint: ${warning}`)
  if ((exitCode === 0 || exitCode === run.issuesExitCode) && report) {
    if (report.error) notes.push(`golangci-lint reported an error it could not place: ${report.error}`)
    return { findings: report.findings, leading: [], notes }
  }
  if (exitCode === EXIT_NO_GO_FILES) {
    notes.push(`golangci-lint found no Go files to analyze in ${run.workingDirectory}.`)
    return { findings: [], leading: [], notes }
  }
  const findings = report?.findings ?? []
  if (exitCode === EXIT_TIMEOUT) {
    const timeout: Failure = {
      kind: 'timeout',
      stage: 'lint',
      severity: 'error',
      title: 'golangci-lint stopped at its own timeout (--timeout or run.timeout in .golangci.yml)',
      message: messageTail(tail),
      output: tail
    }
    return { findings, leading: [timeout], notes, rawTail: tail }
  }
  // A config it refuses, a crash, output it could not write: the tool is broken, not the code.
  const said = tail
    .map((line) => /^(?:Error: |level=error msg=")(.*?)"?$/.exec(line)?.[1])
    .find((m) => m !== undefined)
  const reason =
    said ?? report?.error ?? run.unreadable ?? `exit status ${exitCode ?? run.signal ?? 'unknown'}`
  const hint = /unsupported version of the configuration/.test(tail.join('\n'))
    ? ' The config is written for golangci-lint v1; `golangci-lint migrate` converts it to v2.'
    : ''
  const broken = toolchainFailure(
    `golangci-lint ${run.version} failed to run: ${reason}`,
    `golangci-lint exited with status ${exitCode ?? 'unknown'} without a lint result, so its configuration or the binary is broken or unsupported.${hint}\n\n${messageTail(tail)}`,
    tail
  )
  return { findings, leading: [broken], notes, rawTail: tail }
}

/**
 * `go vet` failed and printed no finding: a module it cannot load (dependency) or a vet
 * that cannot run (toolchain). Undefined when it passed or its findings explain it.
 */
export function vetRunFailure(
  exitCode: number | null,
  tail: string[],
  findings: readonly LintFinding[]
): Failure | undefined {
  if (exitCode === 0 || findings.length > 0) return undefined
  const kind = typeErrorKind(tail.join('\n')) === 'dependency' ? 'dependency' : 'toolchain'
  return {
    kind,
    stage: 'lint',
    severity: 'error',
    title: `go vet failed: ${tail.find((line) => line.trim() !== '') ?? `exit status ${exitCode}`}`,
    message: messageTail(tail),
    output: tail
  }
}
