// The step outputs, all read from the RunReport.
import type { OutputName } from '../constants.js'
import type { RunReport } from '../model/report.js'
import { rootCauseLine } from './describe.js'

export function reportOutputs(report: RunReport): Record<OutputName, string> {
  const coverage = report.stages.find((s) => s.coverage)?.coverage
  return {
    result: report.result,
    'failed-stage': report.rootCause ? report.rootCause.stage : '',
    'root-cause-kind': report.rootCause?.kind ?? '',
    'root-cause': rootCauseLine(report),
    'tests-passed': String(report.tests.passed),
    'tests-failed': String(report.tests.failed),
    'tests-skipped': String(report.tests.skipped),
    coverage: coverage ? coverage.percentText : '',
    'cache-hit': report.cache?.hit ?? 'false'
  }
}
