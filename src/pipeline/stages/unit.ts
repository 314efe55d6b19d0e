// The unit stage: `go test -json` over the packages, with -race, -timeout,
// -failfast and a coverage profile; coverage is gated by coverage-threshold and, on a pull
// request, compared with the base branch's baseline (coverage-drop-max) and counted on the
// changed lines (patch-coverage-threshold).
import path from 'node:path'
import {
  CoverageProfileError,
  coverageUnreadable,
  type ParsedProfile,
  parseCoverageProfileFile,
  summarizeProfile
} from '../../coverage/index.js'
import { errorMessage } from '../../errors.js'
import type { CoverageModule, CoverageReport } from '../../model/coverage.js'
import type { StageResult } from '../../model/report.js'
import { type ChangedLines, readChangedLines } from '../changed-lines.js'
import type { StageContext, StageRunner } from '../context.js'
import { gateCoverage } from '../coverage-gates.js'
import { commonTestFlags, runGoTestJson, stopsAtFirstFailure } from '../gotest-run.js'
import { RESULT_FILES } from '../results.js'
import { shardPackages, shownShardPackages } from '../shard.js'
import { splitTagsFlag } from './integration.js'

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
  // go list sees the files go test builds: with the -tags of go-test-flags, if any.
  const { tags } = splitTagsFlag(options.goTestFlags)
  const listFlags = tags.length > 0 ? [`-tags=${tags.join(',')}`] : undefined
  const sharded = await shardPackages(ctx, 'unit', patterns, { listFlags, env: ctx.env })
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
    failFast: stopsAtFirstFailure(options),
    listFlags
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
  await gateCoverage(result, report, parsed, {
    options,
    coverageBase: ctx.coverageBase,
    changed,
    coverageOptions,
    partialBecause:
      stopped && ((result.notRun?.length ?? 0) > 0 || unmeasured) ? 'the run was cut short' : undefined,
    partialShard: isPartialShard(options)
  })
}
