// A finished test run as a StageResult: the failures that explain it, the
// counts, the packages, and what the reader could only count or not explain.
// The unit and integration stages and `go-gate analyze` all report through it.

import type { Phase, StageName, StageResult } from '../model/report.js'
import { MESSAGE_LINES } from '../text/lines.js'
import type { TestRun } from './collect.js'
import { tidyStackLine } from './excerpt.js'
import { type Explanation, explainTestRun } from './explain.js'
import type { PathResolver } from './locate.js'

export function stageResultFromTestRun(
  run: TestRun,
  resolver: PathResolver,
  stage: StageName,
  /** A saved stream has no exit status: text with no events is then the failure itself. */
  options: { textWithoutEventsFails: boolean } = { textWithoutEventsFails: true }
): { result: StageResult; explanation: Explanation } {
  const explanation = explainTestRun(run, resolver, stage as Phase)
  const result: StageResult = {
    stage,
    status: 'passed',
    durationMs: 0,
    failures: [...explanation.failures],
    notices: [],
    notes: [],
    tests: run.counts,
    packages: explanation.packages
  }
  if (run.undetailedFailures > 0) {
    result.notes.push(
      `${run.undetailedFailures} more failed tests were counted but their output was not kept.`
    )
  }
  if (run.undetailedPackages > 0) {
    result.notes.push(
      `${run.undetailedPackages} more failed packages were counted but not explained, to keep memory bounded.`
    )
  }
  if (options.textWithoutEventsFails && run.events === 0 && result.failures.length === 0) {
    // No events: not a stream, or go failed before it tested anything. One sentence says which input it was.
    const sentence =
      run.rawLines.length === 0
        ? 'The input is empty: a `go test -json` stream holds one JSON event a line, and there is none.'
        : `The input is not a \`go test -json\` stream: none of its ${run.rawLines.length + run.rawLines.dropped} lines is a test2json event (go test may have failed before it ran any package).`
    result.failures.push({
      kind: 'package-failure',
      stage,
      severity: 'error',
      title: sentence,
      message:
        run.tail.length > 0
          ? [
              sentence,
              '',
              'The input ends with:',
              ...run.tail.slice(-MESSAGE_LINES).map((line) => tidyStackLine(line, resolver))
            ].join('\n')
          : sentence,
      output: run.tail
    })
    result.rawTail = run.tail
  } else if (explanation.unexplained) {
    result.rawTail = run.tail
  }
  result.status = result.failures.length > 0 ? 'failed' : 'passed'
  return { result, explanation }
}
