// The merge job of a sharded run (mode: merge): downloads every shard's artifact, merges them
// into one report (src/pipeline/merge.ts) whose coverage is gated and, on a pull request, compared
// with the base branch and its changed lines as one run's would be, and saves the merged timings
// (and, on the default branch, the coverage baseline). Runs no Go; git only for the changed lines.
import { mkdtemp } from 'node:fs/promises'
import path from 'node:path'
import { errorKind, errorMessage } from '../errors.js'
import type { RunEvent } from '../event/run-event.js'
import type { Failure, RunReport } from '../model/report.js'
import type { TimingsRecord } from '../model/shard.js'
import type { Options } from '../options.js'
import { readChangedLines } from '../pipeline/changed-lines.js'
import type { Reporter } from '../pipeline/context.js'
import { setupFailureReport } from '../pipeline/gated-pipeline.js'
import { mergeShardFolders } from '../pipeline/merge.js'
import { settleRunResult } from '../pipeline/verdict.js'
import { ReportFileError } from '../report/report-json.js'
import { mergeTimings, savesTimings } from '../shard/timings.js'
import { addCoverageBaseNote, prepareCoverageBase } from './coverage-base.js'
import { downloadShardResults, shardArtifactStem, workingDirectoryId } from './shard-artifact.js'
import { restoreTimings, saveTimingsRecord } from './timings.js'

export async function runMergeStep(
  options: Options,
  event: RunEvent,
  reporter: Reporter,
  tempRoot: string,
  signal: AbortSignal
): Promise<RunReport> {
  const started = Date.now()
  const fail = (failure: Omit<Failure, 'stage' | 'severity'>) =>
    setupFailureReport(options, { stage: 'setup', severity: 'error', ...failure }, started)
  const into = await mkdtemp(path.join(tempRoot, 'go-gate-shards-'))
  let downloaded: Awaited<ReturnType<typeof downloadShardResults>>
  try {
    downloaded = await reporter.group('go-gate: download shard results', () =>
      downloadShardResults(options.workingDirectory, into, reporter)
    )
  } catch (error) {
    return fail({
      kind: 'dependency',
      title: `The shards' results could not be listed: ${errorMessage(error)}`,
      message: `go-gate could not list this workflow run's artifacts: ${errorMessage(error)}. The merge reads the shards' results from the workflow run's artifact service, which the runner names in ACTIONS_RESULTS_URL (${process.env.ACTIONS_RESULTS_URL || 'not set here'}).`
    })
  }
  const pattern = `go-gate-shard-<i>-of-<n>-<job>-${workingDirectoryId(options.workingDirectory)}-a<attempt>`
  if (downloaded.otherJobs.length > 0) {
    return fail({
      kind: 'invalid-input',
      title: `Shards of several jobs ran in working-directory ${options.workingDirectory}: ${[downloaded.job, ...downloaded.otherJobs].join(', ')}`,
      message: `The artifacts ${pattern} come from the jobs ${[downloaded.job, ...downloaded.otherJobs].join(', ')}; a merge merges one matrix. Give each sharded job's merge its own working-directory, or shard in one job.`
    })
  }
  if (downloaded.folders.length === 0) {
    // The tests did not run anywhere that left a trace: the unit stage failed, not go-gate's start.
    const unusable = [...downloaded.failed.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, why]) => `The artifact of shard ${index} ${why}.`)
    const report = fail({
      kind: 'cancelled',
      title: 'No shard left a result (cancelled or crashed?)',
      message:
        unusable.length > 0
          ? `No shard left a result (cancelled or crashed?)\n${unusable.join('\n')}\nRe-run the failed jobs.`
          : `No shard left a result (cancelled or crashed?)\nThis workflow run has no artifact ${pattern}: every shard was cancelled or crashed before go-gate wrote its result, their uploads failed (a warning in each job says so), or the shards did not run go-gate with a shard input and working-directory ${options.workingDirectory}. Run the merge in a job that needs the sharded job, with if: always().`
    })
    const failure = { ...report.setupFailures[0], stage: 'unit' as const }
    report.setupFailures = []
    report.stages = [
      { stage: 'unit', status: 'failed', durationMs: 0, failures: [failure], notices: [], notes: [] }
    ]
    return settleRunResult(report)
  }
  const job = downloaded.job ?? ''
  const missingMessage = (index: number, count: number) => {
    const name = `${shardArtifactStem({ index, count }, job, options.workingDirectory)}-a<attempt>`
    const why = downloaded.failed.get(index)
    return why
      ? `The artifact ${name} ${why}, so the packages of shard ${index} are not in this result.`
      : `This workflow run has no artifact ${name}: the job of shard ${index} was cancelled, crashed, or ended before go-gate wrote its result, or its upload failed (a warning in that job says so), so its packages are not in this result. Re-run the failed jobs.`
  }
  // The merged total is what a pull request's coverage is compared with, as one run's would be.
  const coverage = await prepareCoverageBase({ ...options, stages: ['unit'] }, event, reporter)
  const baseSha = coverage?.base.patchBaseSha
  const changed = baseSha
    ? readChangedLines({ options, env: process.env, signal, reporter }, baseSha).catch(
        (error) => `git failed: ${errorMessage(error)}`
      )
    : undefined
  try {
    const outcome = await mergeShardFolders(downloaded.folders, options, missingMessage, {
      base: coverage?.base,
      changed
    })
    if (coverage) addCoverageBaseNote(outcome.report, await coverage.finish())
    const note = await saveMergedTimings(outcome.timings, options, event, reporter)
    if (note) outcome.report.stages.find((s) => s.stage === 'unit')?.notes.push(note)
    return outcome.report
  } catch (error) {
    return fail({
      kind: error instanceof ReportFileError ? 'invalid-input' : errorKind(error),
      title: errorMessage(error).split('\n')[0],
      message: errorMessage(error)
    })
  } finally {
    // git never outlives the merge, whatever happened to it.
    await changed
  }
}

/**
 * Saves the merged timings for the next sharded run to split by (pushes to the default branch
 * only), laid over the record the shards split by so packages that ran cached keep their number.
 */
async function saveMergedTimings(
  timings: TimingsRecord,
  options: Options,
  event: RunEvent,
  reporter: Reporter
): Promise<string | undefined> {
  if (!savesTimings(event)) return undefined
  const previous = (await restoreTimings(options, reporter, event)).record
  const record = previous ? mergeTimings([previous, timings]) : timings
  const saved = await saveTimingsRecord(record, options, previous, reporter, event)
  return saved.saved ? undefined : saved.note
}
