// The lint core: linter output → findings → Failures. No I/O.

export { GOLANGCI_ISSUES_EXIT_CODE, golangciRunArgs, issuesExitCode } from './command.js'
export { type GolangciRun, judgeGolangciRun, type LintOutcome, vetRunFailure } from './exit-status.js'
export {
  type LintFinding,
  type LintKind,
  type LintPaths,
  type LintTool,
  lintFindingsToFailures,
  lintFindingToFailure,
  lintSeverity,
  repoRelativePath,
  typeErrorKind
} from './finding.js'
export { gofmtFindings, parseGofmtDiff, parseGofmtList } from './gofmt.js'
export { GolangciOutputError, type GolangciReport, parseGolangciJson } from './golangci.js'
export {
  bareVersion,
  compareVersions,
  GOLANGCI_RELEASE_BASE_URL,
  parseChecksums,
  parseGolangciVersion,
  type ReleaseAsset,
  releaseAsset,
  releaseUrl
} from './release.js'
export { parseVetOutput } from './vet.js'
