// The unit stage: `go test -json` over the packages, with -race, -timeout,
// -failfast and a coverage profile; coverage is gated by coverage-threshold.
import path from 'node:path'
import {
  applyCoverage,
  CoverageProfileError,
  coverageUnreadable,
  readCoverageProfile
} from '../../coverage/index.js'
import { errorMessage } from '../../errors.js'
import type { CoverageReport } from '../../model/coverage.js'
import type { StageResult } from '../../model/report.js'
import type { StageContext, StageRunner } from '../context.js'
import { commonTestFlags, runGoTestJson, stopsAtFirstFailure } from '../gotest-run.js'
import { RESULT_FILES } from '../results.js'

export const runUnitStage: StageRunner = async (ctx) => {
  const { options } = ctx
  // Kept as go test wrote it, for the run's result files (a shard uploads it, the merge merges it).
  const profile = path.join(ctx.resultsDir, RESULT_FILES.profile)
  const flags = [
    ...commonTestFlags(options),
    `-coverprofile=${profile}`,
    ...(options.coverage.packages !== '' ? [`-coverpkg=${options.coverage.packages}`] : []),
    ...options.goTestFlags
  ]
  const outcome = await runGoTestJson(ctx, {
    stage: 'unit',
    flags,
    packages: options.packages.length > 0 ? options.packages : ['./...'],
    failFast: stopsAtFirstFailure(options)
  })
  const result = outcome.result
  await addCoverage(ctx, result, profile, outcome.modules, outcome.stopped)
  return result
}

async function addCoverage(
  ctx: StageContext,
  result: StageResult,
  profile: string,
  modules: { path: string; dir: string }[],
  stopped: boolean
): Promise<void> {
  const { options } = ctx
  let report: CoverageReport
  try {
    report = await readCoverageProfile(profile, {
      repoRoot: options.workspace,
      modules: modules.length > 0 ? modules : [],
      exclude: options.coverage.exclude
    })
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    // No profile after a failed run is expected (a build error writes none); say so only when it matters.
    if (missing) {
      if (result.status === 'passed' && options.coverage.threshold > 0) {
        result.failures.push({
          kind: 'internal-error',
          stage: 'unit',
          severity: 'error',
          title: 'go test wrote no coverage profile, so coverage-threshold cannot be checked',
          message: `Expected a profile at ${profile}.`
        })
        result.status = 'failed'
      }
      return
    }
    const message = error instanceof CoverageProfileError ? error.message : errorMessage(error)
    coverageUnreadable(result, 'computed', message, options.coverage.threshold)
    return
  }
  // An empty profile after a failed or stopped run measures nothing; don't show 0 of 0.
  if (report.statements === 0 && (result.status === 'failed' || ctx.signal.aborted)) return
  // Packages that never finished (or whose profile go had no time to merge) measured
  // nothing: gating on the rest would blame code the cut-short run never exercised.
  const measured = new Set(report.packages.map((p) => p.importPath))
  const unmeasured = (result.packages ?? []).some(
    (p) => p.tests.passed + p.tests.failed > 0 && !measured.has(p.importPath)
  )
  const cutShort = stopped && ((result.notRun?.length ?? 0) > 0 || unmeasured)
  applyCoverage(result, report, options.coverage.threshold, cutShort ? 'the run was cut short' : undefined)
}
