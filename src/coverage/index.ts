// src/coverage/ owns coverage: a `-coverprofile` read as it streams and checked line by line
// (profile, read), blocks that -coverpkg repeats merged, files mapped to modules (modules), totals
// per file, package and module as `go test` counts them (summarize, percent), coverage-exclude,
// the coverage-threshold gate (threshold, gate), the baseline a pull request compares with and the
// coverage-drop-max gate (baseline), and patch coverage over a git diff's changed lines (patch).
// Its report types are in src/model/coverage.ts.

export type {
  CoverageBaseline,
  CoverageBlock,
  CoverageComparison,
  CoverageFile,
  CoverageMode,
  CoverageModule,
  CoverageOptions,
  CoveragePackage,
  CoverageReport,
  PatchCoverage
} from '../model/coverage.js'
export {
  BASELINE_RECORD_NAME,
  baselineFromReport,
  baselineKey,
  baselineKeyPrefix,
  baselineLabel,
  compareCoverage,
  coverageDropGate,
  formatCoverageDelta,
  parseCoverageBaseline,
  parseCoverageDropMax
} from './baseline.js'
export { CoverageProfileError, type CoverageProfileProblem } from './errors.js'
export { COVERAGE_NOTICE_FILES, coverageGate, coverageUnreadable } from './gate.js'
export { ProfileFileResolver, type RepositoryFile } from './modules.js'
export {
  type ChangedFile,
  isCoverableGoFile,
  isGeneratedGoSource,
  lineRangeText,
  measurePatchCoverage,
  mergeLineRanges,
  type PatchInput,
  parseUnifiedDiff,
  patchCoverageGate
} from './patch.js'
export { coveragePercent, formatCoveragePercent } from './percent.js'
export {
  BLOCK_FIELDS,
  COUNT,
  CoverageProfileParser,
  END_COL,
  END_LINE,
  MAX_PROFILE_LINE,
  NUM_STMT,
  type ParsedProfile,
  type ProfileFile,
  parseCoverageLines,
  parseCoverageStream,
  START_COL,
  START_LINE
} from './profile.js'
export {
  parseCoverageProfileFile,
  parseCoverageProfileFiles,
  readCoverageProfile,
  readCoverageProfiles
} from './read.js'
export { summarizeCoverage, summarizeProfile } from './summarize.js'
export { checkCoverageThreshold, parseCoverageThreshold } from './threshold.js'
