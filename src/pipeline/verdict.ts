// The run's result, decided once for every report go-gate builds (the pipeline's,
// `go-gate analyze`'s): failed exactly when some failure explains it.
import type { RunReport } from '../model/report.js'
import { chooseRootCause } from '../report/root-cause.js'

/** Sets the report's root cause and, from it, its result. Returns the report. */
export function settleRunResult<T extends RunReport>(report: T): T {
  report.rootCause = chooseRootCause(report)
  report.result = report.rootCause ? 'failure' : 'success'
  return report
}
