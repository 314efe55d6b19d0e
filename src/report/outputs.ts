// The step outputs, all read from the RunReport.
import type { OutputName } from '../constants.js'
import type { RunReport } from '../model/report.js'
import { rootCauseLine } from './describe.js'

/** Flaky test names in the flaky-tests output; past this the list says how many more. */
export const MAX_FLAKY_OUTPUT_NAMES = 50

/** Outputs that describe where go-gate put files, set by the adapter that wrote them. */
export type FileOutputName = 'report-file'

export function reportOutputs(report: RunReport): Record<Exclude<OutputName, FileOutputName>, string> {
  const coverage = report.stages.find((s) => s.coverage)?.coverage
  const flaky = report.stages.flatMap((s) => s.flaky ?? [])
  const flakyNames = flaky.slice(0, MAX_FLAKY_OUTPUT_NAMES).map((f) => `${f.package}.${f.test}`)
  if (flaky.length > MAX_FLAKY_OUTPUT_NAMES)
    flakyNames.push(`… and ${flaky.length - MAX_FLAKY_OUTPUT_NAMES} more`)
  return {
    result: report.result,
    'failed-stage': report.rootCause ? report.rootCause.stage : '',
    'root-cause-kind': report.rootCause?.kind ?? '',
    'root-cause': rootCauseLine(report),
    'tests-passed': String(report.tests.passed),
    'tests-failed': String(report.tests.failed),
    'tests-skipped': String(report.tests.skipped),
    'tests-flaky': String(flaky.length),
    'flaky-tests': flakyNames.join('\n'),
    coverage: coverage ? coverage.percentText : '',
    'cache-hit': report.cache?.hit ?? 'false'
  }
}
