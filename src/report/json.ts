// The machine-readable report (`go-gate analyze --format json`, `go-gate run --format json`).

import type { Failure, RunReport } from '../model/report.js'
import { failureDetail } from './describe.js'

interface JsonFailure {
  kind: string
  stage: string
  package: string | null
  test: string | null
  file: string | null
  line: number | null
  col: number | null
  title: string
  message: string
}

/** What a failure is and where: the fields the root cause and every failure share. */
function whereAndWhat(failure: Failure) {
  return {
    kind: failure.kind,
    stage: failure.stage,
    package: failure.package ?? null,
    test: failure.test ?? null,
    file: failure.location?.file ?? null,
    line: failure.location?.line ?? null
  }
}

function toJson(failure: Failure): JsonFailure {
  return {
    ...whereAndWhat(failure),
    col: failure.location?.col ?? null,
    title: failure.title,
    message: failure.message
  }
}

export function renderJson(report: RunReport): string {
  const root = report.rootCause
  const coverage = report.stages.find((s) => s.coverage)?.coverage
  const patch = report.stages.find((s) => s.patchCoverage)?.patchCoverage
  const body = {
    result: report.result,
    rootCause: root
      ? {
          ...whereAndWhat(root),
          // Machines get the line as go printed it, not the sentence's shortened form.
          message: failureDetail(root, 300, false)
        }
      : null,
    tests: report.tests,
    failures: [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)].map(toJson),
    stages: report.stages.map((s) => ({
      stage: s.stage,
      status: s.status,
      skipReason: s.skipReason ?? null,
      durationMs: s.durationMs
    })),
    coverage: coverage
      ? {
          percent: coverage.percentText,
          covered: coverage.covered,
          statements: coverage.statements,
          packages: coverage.packages
        }
      : null,
    // Only when measured (a pull request, or the CLI's --base): the key stays out otherwise.
    ...(patch ? { patchCoverage: patch } : {})
  }
  return `${JSON.stringify(body, null, 2)}\n`
}
