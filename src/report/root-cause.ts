// Which failure explains the run: the first in pipeline order, and within a
// stage the one its stage put first (the one that explains the others).
import { type Failure, type RunReport, STAGE_NAMES } from '../model/report.js'

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
    const failure = stage.failures.find((f) => f.severity === 'error')
    if (failure) return failure
  }
  return report.setupFailures[0]
}
