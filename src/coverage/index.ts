// src/coverage/ owns coverage: a `-coverprofile` read as it streams and checked line by line
// (profile, read), blocks that -coverpkg repeats merged, files mapped to modules (modules), totals
// per file, package and module as `go test` counts them (summarize, percent), coverage-exclude,
// and the coverage-threshold gate (threshold, gate). Its report types are in src/model/coverage.ts.

export type {
  CoverageBlock,
  CoverageFile,
  CoverageMode,
  CoverageModule,
  CoverageOptions,
  CoveragePackage,
  CoverageReport
} from '../model/coverage.js'
export { CoverageProfileError, type CoverageProfileProblem } from './errors.js'
export { applyCoverage, COVERAGE_NOTICE_FILES, coverageGate, coverageUnreadable } from './gate.js'
export { ProfileFileResolver, type RepositoryFile } from './modules.js'
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
export { readCoverageProfile, readCoverageProfiles } from './read.js'
export { summarizeCoverage, summarizeProfile } from './summarize.js'
export { checkCoverageThreshold, parseCoverageThreshold } from './threshold.js'
