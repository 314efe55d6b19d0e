// The unit stage: `go test -json` over the packages, with -race, -timeout,
// -failfast and a coverage profile; coverage is gated by coverage-threshold and, on a pull
// request, compared with the base branch's baseline (coverage-drop-max) and counted on the
// changed lines (patch-coverage-threshold).
import path from 'node:path'
import {
  CoverageProfileError,
  compareCoverage,
  coverageDropGate,
  coverageGate,
  coverageUnreadable,
  measurePatchCoverage,
  type ParsedProfile,
  parseCoverageProfileFile,
  patchCoverageGate,
  summarizeProfile
} from '../../coverage/index.js'
import { errorMessage } from '../../errors.js'
import type { CoverageModule, CoverageReport } from '../../model/coverage.js'
import type { StageResult } from '../../model/report.js'
import { type ChangedLines, readChangedLines } from '../changed-lines.js'
import type { StageContext, StageRunner } from '../context.js'
import { commonTestFlags, runGoTestJson, stopsAtFirstFailure } from '../gotest-run.js'
import { RESULT_FILES } from '../results.js'
import { shardPackages, shownShardPackages } from '../shard.js'

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
  const patterns = options.packages.length > 0 ? options.packages : ['./...']
  const sharded = await shardPackages(ctx, 'unit', patterns, { env: ctx.env })
  if (sharded && 'skipped' in sharded) return sharded.skipped
  // git (and a fetch of the base commit) runs while the tests do; not in one shard of several,
  // whose coverage is a part (patch coverage is the merged total's).
  const baseSha = isPartialShard(options) ? undefined : ctx.coverageBase?.patchBaseSha
  // Its own stop, so git never outlives the stage when patch coverage turns out not to be wanted.
  const gitStop = new AbortController()
  const stopGit = () => gitStop.abort()
  ctx.signal.addEventListener('abort', stopGit, { once: true })
  const changed = baseSha
    ? readChangedLines({ ...ctx, signal: gitStop.signal }, baseSha).catch(
        (error) => `git failed: ${errorMessage(error)}`
      )
    : undefined
  const outcome = await runGoTestJson(ctx, {
    stage: 'unit',
    flags,
    packages: sharded && 'packages' in sharded ? sharded.packages : patterns,
    shownPackages:
      sharded && 'packages' in sharded ? shownShardPackages(sharded.packages, sharded.assignment) : undefined,
    failFast: stopsAtFirstFailure(options)
  })
  const result = outcome.result
  if (sharded && 'assignment' in sharded) result.shard = sharded.assignment
  if (sharded && 'unsharded' in sharded) result.notes.push(sharded.unsharded)
  try {
    await addCoverage(ctx, result, profile, outcome.modules, outcome.stopped, changed)
  } finally {
    stopGit()
    ctx.signal.removeEventListener('abort', stopGit)
    await changed
  }
  return result
}

/** One shard of several (`shard: 2/4`): its coverage is its own packages'. */
function isPartialShard(options: StageContext['options']): boolean {
  return options.shard !== undefined && options.shard.count > 1
}

async function addCoverage(
  ctx: StageContext,
  result: StageResult,
  profile: string,
  modules: CoverageModule[],
  stopped: boolean,
  changed: Promise<ChangedLines | string> | undefined
): Promise<void> {
  const { options } = ctx
  const coverageOptions = { repoRoot: options.workspace, modules, exclude: options.coverage.exclude }
  let report: CoverageReport
  let parsed: ParsedProfile
  try {
    parsed = await parseCoverageProfileFile(profile, options.workspace)
    report = summarizeProfile(parsed, coverageOptions)
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
  result.coverage = report
  result.coverageThreshold = options.coverage.threshold
  if (stopped && ((result.notRun?.length ?? 0) > 0 || unmeasured)) {
    result.notes.push(
      options.coverage.threshold > 0
        ? `Coverage ${report.percentText}% is partial because the run was cut short, so the ${options.coverage.threshold}% threshold was not checked.`
        : `Coverage ${report.percentText}% is partial because the run was cut short.`
    )
    if (ctx.coverageBase?.compare) {
      result.coverageComparison = {
        missing: 'coverage is partial (the run was cut short), so it was not compared'
      }
    }
    if (changed) result.notes.push('Patch coverage was not measured: the run was cut short.')
    return
  }
  // One shard of several measured its own packages only: the gates, the comparison with the base
  // branch and the next baseline are for the merged total, not for a part of it.
  if (isPartialShard(options)) {
    const skipped = [
      ...(options.coverage.threshold > 0 ? [`the ${options.coverage.threshold}% threshold`] : []),
      ...(ctx.coverageBase?.compare ? ['the comparison with the base branch'] : []),
      ...(ctx.coverageBase?.patchBaseSha ? ['patch coverage'] : [])
    ]
    if (skipped.length > 0)
      result.notes.push(
        `Coverage ${report.percentText}% is this shard's packages only, so ${skipped.length > 1 ? `${skipped.slice(0, -1).join(', ')} and ${skipped[skipped.length - 1]}` : skipped[0]} ${skipped.length === 1 ? 'is' : 'are'} checked on the merged total (mode: merge), not here.`
      )
    return
  }
  // Test failures stay the root cause: coverage gates go after them, total first.
  const testsFailed = result.status === 'failed'
  const failuresBefore = result.failures.length
  const gate = coverageGate(report, options.coverage.threshold, 'unit')
  if (gate.failure) {
    result.failures.push(gate.failure)
    result.notices.push(...gate.notices)
  }
  if (!testsFailed) ctx.coverageBase?.onFullCoverage?.(report)
  const compare = ctx.coverageBase?.compare
  if (compare?.baseline) {
    const comparison = compareCoverage(report, compare.baseline, {
      exclude: options.coverage.exclude,
      dropMax: options.coverage.dropMax
    })
    result.coverageComparison = comparison
    const drop = coverageDropGate(report, comparison, 'unit')
    if (drop) result.failures.push(drop)
  } else if (compare) {
    result.coverageComparison = {
      missing: compare.missing ?? 'no baseline of the base branch was found',
      dropMax: options.coverage.dropMax
    }
  }
  if (changed) {
    const lines = await changed
    if (typeof lines === 'string') {
      result.notes.push(`Patch coverage was not measured: ${lines}.`)
    } else {
      result.notes.push(...lines.notes)
      const patch = measurePatchCoverage(parsed, {
        changes: lines.changes,
        generated: lines.generated,
        baseSha: ctx.coverageBase?.patchBaseSha ?? lines.from,
        threshold: options.coverage.patchThreshold,
        ...coverageOptions
      })
      result.patchCoverage = patch
      const patchGate = patchCoverageGate(patch, 'unit')
      if (patchGate.failure) result.failures.push(patchGate.failure)
      result.notices.push(...patchGate.warnings)
    }
  }
  if (result.failures.length > failuresBefore) result.status = 'failed'
}
