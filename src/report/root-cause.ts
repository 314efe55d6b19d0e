// Which failure explains the run: the first in pipeline order, and within a
// stage the one its stage put first (the one that explains the others). Lint
// findings are read in file order: the root cause is the first error-severity
// finding by file and line, after any code that does not compile.
import {
  EXPLAINING_RANK,
  type Failure,
  type RunReport,
  STAGE_NAMES,
  type StageResult
} from '../model/report.js'
import { compareLocations } from './describe.js'

/** A stage's error-severity failures in the order that explains them. */
export function explainingOrder(stage: StageResult): Failure[] {
  const errors = stage.failures.filter((f) => f.severity === 'error')
  if (stage.stage !== 'lint') return errors
  // Code that does not type-check explains the findings after it.
  return [...errors].sort(
    (a, b) => EXPLAINING_RANK[a.kind] - EXPLAINING_RANK[b.kind] || compareLocations(a, b)
  )
}

export function chooseRootCause(report: Pick<RunReport, 'stages' | 'setupFailures'>): Failure | undefined {
  if (report.setupFailures.length > 0) {
    // Cancellation is reported last: what failed before it is the better explanation.
    const nonCancel = report.setupFailures.find((f) => f.kind !== 'cancelled')
    if (nonCancel) return nonCancel
  }
  const ordered = [...report.stages].sort(
    (a, b) => STAGE_NAMES.indexOf(a.stage) - STAGE_NAMES.indexOf(b.stage)
  )
  for (const stage of ordered) {
    const failure = explainingOrder(stage)[0]
    if (failure) return failure
  }
  return report.setupFailures[0]
}
