// src/lint/ owns what lint output means: golangci-lint's JSON report and the go vet and gofmt
// fallback read into findings and Failures (golangci, vet, gofmt, finding), the golangci-lint
// command line and exit codes (command), and release asset names and checksums (release). No
// I/O: the lint stage in src/pipeline/ runs the tools and installs golangci-lint.

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
