// What a linter found, whichever tool found it, and how it becomes a Failure.
import path from 'node:path'
import { isDependencyError } from '../gomod/errors.js'
import { EXPLAINING_RANK, type Failure, type Severity } from '../model/report.js'
import { fileInside } from '../text/paths.js'

export type LintTool = 'golangci-lint' | 'go vet' | 'gofmt'
export type LintKind = 'lint' | 'compile-error' | 'dependency'

/** The kind of a type-check error: dependency when a module is missing (the go command's words), else compile-error. */
export function typeErrorKind(text: string): LintKind {
  return isDependencyError(text) ? 'dependency' : 'compile-error'
}

export interface LintFinding {
  tool: LintTool
  /** The linter that reported it: errcheck, govet, ... for golangci-lint; `go vet` and `gofmt` in the fallback. */
  linter: string
  severity: Severity
  /**
   * lint; compile-error when the code does not type-check (golangci-lint's typecheck, vet's type
   * errors); dependency when it does not because a module is missing.
   */
  kind: LintKind
  /** Repository-relative, forward slashes; undefined when the file lies outside the repository. */
  file?: string
  /** The file as the tool printed it, for messages when it is outside the repository. */
  rawFile?: string
  line?: number
  col?: number
  endLine?: number
  /** The tool's message; may span lines. */
  text: string
  /** Go import path, when the tool said which package. */
  package?: string
  /** The offending source lines, when the tool printed them. */
  source?: string[]
}

/** Where the paths a tool prints lead. */
export interface LintPaths {
  /** Absolute folder the tool ran in (where go.mod is): relative paths start there. */
  moduleDir: string
  /** Absolute repository root: Failure locations are relative to it. */
  repoRoot: string
}

/** A repository-relative path (forward slashes) for a path printed by a tool; undefined outside the repository. */
export function repoRelativePath(file: string, paths: LintPaths): string | undefined {
  return fileInside(paths.repoRoot, path.resolve(paths.moduleDir, file))
}

/**
 * Maps a golangci-lint severity to an annotation level. Severities are free text set by
 * `severity:` rules in the config (gosec uses low/medium/high); empty means the default, error.
 */
export function lintSeverity(value: string | undefined): Severity {
  switch ((value ?? '').trim().toLowerCase()) {
    case 'warning':
    case 'warn':
      return 'warning'
    case 'info':
    case 'notice':
    case 'hint':
      return 'notice'
    default:
      return 'error'
  }
}

export function lintFindingToFailure(finding: LintFinding): Failure {
  const firstLine = finding.text.split('\n', 1)[0].trim()
  const where =
    finding.file === undefined && finding.rawFile !== undefined
      ? ` (${finding.rawFile}${finding.line !== undefined ? `:${finding.line}` : ''})`
      : ''
  const failure: Failure = {
    kind: finding.kind,
    stage: 'lint',
    severity: finding.severity,
    title: `${finding.linter}: ${firstLine}${where}`,
    message: finding.text,
    tool: finding.linter
  }
  if (finding.package !== undefined) failure.package = finding.package
  if (finding.source !== undefined && finding.source.length > 0) failure.source = finding.source
  if (finding.file !== undefined) {
    failure.location = { file: finding.file }
    if (finding.line !== undefined && finding.line > 0) failure.location.line = finding.line
    if (finding.col !== undefined && finding.col > 0) failure.location.col = finding.col
    if (finding.endLine !== undefined && finding.line !== undefined && finding.endLine > finding.line) {
      failure.location.endLine = finding.endLine
    }
  }
  return failure
}

/**
 * Splits findings into failures (errors: they fail the stage) and notices (warnings and
 * notices: shown, not failing). Code that does not compile explains the rest, so it goes first.
 */
export function lintFindingsToFailures(findings: readonly LintFinding[]): {
  failures: Failure[]
  notices: Failure[]
} {
  const failures: Failure[] = []
  const notices: Failure[] = []
  for (const finding of findings) {
    const failure = lintFindingToFailure(finding)
    if (finding.severity === 'error') failures.push(failure)
    else notices.push(failure)
  }
  failures.sort((a, b) => EXPLAINING_RANK[a.kind] - EXPLAINING_RANK[b.kind])
  return { failures, notices }
}
