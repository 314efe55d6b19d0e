// The coverage gate on a report: the failure below the threshold, and notices
// at the first uncovered block of the least-covered files.

import type { CoverageReport } from '../model/coverage.js'
import type { Failure, StageName, StageResult } from '../model/report.js'
import { formatCoverageGap } from './percent.js'
import { checkCoverageThreshold } from './threshold.js'

/** How many of the least-covered files get a notice annotation. */
export const COVERAGE_NOTICE_FILES = 5

export function coverageGate(
  report: CoverageReport,
  threshold: number,
  stage: StageName
): { failure?: Failure; notices: Failure[] } {
  if (threshold <= 0) return { notices: [] }
  const check = checkCoverageThreshold(report, threshold)
  if (check.passed) return { notices: [] }
  // 79.96% prints as 80.0: show the gap with enough digits to be non-zero.
  const gapText = formatCoverageGap(check.gap)
  const failure: Failure = {
    kind: 'coverage-below-threshold',
    stage,
    severity: 'error',
    coverageGate: 'total',
    title: `Coverage is ${report.percentText}%, below the ${threshold}% threshold by ${gapText} points`,
    message: `Total coverage ${report.percentText}% (${report.covered} of ${report.statements} statements); threshold ${threshold}%; gap ${gapText} points.`
  }
  const notices: Failure[] = []
  for (const file of report.files.slice(0, COVERAGE_NOTICE_FILES)) {
    if (file.statements === file.covered || !file.firstUncovered) continue
    notices.push({
      kind: 'coverage-below-threshold',
      stage,
      severity: 'notice',
      location: {
        file: file.file,
        line: file.firstUncovered.line,
        col: file.firstUncovered.col,
        endLine: file.firstUncovered.endLine
      },
      title: `${file.statements - file.covered} of ${file.statements} statements not covered`,
      message: `${file.file}: ${file.covered}/${file.statements} statements covered; the first uncovered block starts here.`
    })
  }
  return { failure, notices }
}

/** Coverage that could not be read (`how`: computed, merged): a note, and a failure when a threshold needs it. */
export function coverageUnreadable(
  stage: StageResult,
  how: string,
  message: string,
  threshold: number
): void {
  stage.notes.push(`Coverage could not be ${how}: ${message}`)
  if (threshold <= 0) return
  stage.failures.push({
    kind: 'internal-error',
    stage: stage.stage,
    severity: 'error',
    title: `Coverage could not be ${how}: ${message}`,
    message
  })
  stage.status = 'failed'
}
