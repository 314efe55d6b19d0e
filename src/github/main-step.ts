// src/github/ owns the action's adapter: inputs read once into Options (inputs), the main step
// (run) and the post step (post), the @actions/cache restore and save (cache, post), the log with
// Go output fenced from workflow commands (reporter), and the RunReport published as annotations,
// job summary and outputs (publish), small records in the cache service (records) such as the
// package timings sharding splits by (timings), and the run's event payload, read once per step
// (run-event). @actions/core and @actions/cache are used only here.
//
// The action's main step: read inputs and the run's event, restore the cache, run the pipeline,
// publish the report. Fails the step exactly when the gate failed.
import { mkdtemp } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as core from '@actions/core'
import { STATE } from '../constants.js'
import { errorMessage } from '../errors.js'
import type { CacheReport, RunReport } from '../model/report.js'
import type { Options } from '../options.js'
import { failureFromError, runPipeline, setupFailureReport } from '../pipeline/gated-pipeline.js'
import { type WrittenResults, writeRunResults } from '../pipeline/results.js'
import {
  collectSecrets,
  createRedactor,
  maskValues,
  redactReport,
  redactUrlCredentials
} from '../redact/index.js'
import { rootCauseLine } from '../report/describe.js'
import { addCoverageBaseNote, prepareCoverageBase } from './coverage-base.js'
import { readActionOptions, readTokenInput } from './inputs.js'
import { postPullRequestComment } from './pr-comment.js'
import { publishReport } from './publish.js'
import { ActionReporter } from './reporter.js'
import { readRunEvent, timingsPlan } from './run-event.js'

export async function run(): Promise<void> {
  const started = Date.now()
  // Raw Go output is masked by the runner (secrets registered below); URL credentials it cannot know are hidden here.
  const reporter = new ActionReporter((text) => process.stdout.write(redactUrlCredentials(text)))
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return
    reporter.resume()
    core.info(`go-gate received ${signal}; stopping its child processes and writing the summary so far.`)
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd()
  const tempRoot = process.env.RUNNER_TEMP ?? os.tmpdir()
  // The run's result files (report-file, the raw coverage profile a shard uploads) outlive the step.
  const resultsDir = await mkdtemp(path.join(tempRoot, 'go-gate-results-')).catch(() =>
    mkdtemp(path.join(os.tmpdir(), 'go-gate-results-'))
  )
  let report: RunReport
  let options: Options | undefined
  try {
    options = readActionOptions(workspace)
  } catch (error) {
    report = setupFailureReport({ workingDirectory: '.' }, failureFromError(error, 'setup'), started)
  }
  const integration = options?.integration
  const secrets = collectSecrets({
    env: process.env,
    integrationEnv: integration?.env,
    publicNames: integration?.publicEnv,
    urls: integration?.waitFor.map((t) => t.raw),
    // The runner masks `${{ github.token }}` and `secrets.*` itself; go-gate's redaction covers the token too.
    values: [options?.prComment.token ?? readTokenInput()].filter((t) => t !== '')
  })
  // Before any test runs, so the runner masks them in the raw output of the log.
  for (const value of maskValues(secrets)) core.setSecret(value)
  // Read once, for the coverage base, the timings record and the comment; never throws.
  const event = await readRunEvent()
  if (event.unread) reporter.info(`go-gate: ${event.unread}`)
  try {
    if (options?.mode === 'merge') {
      // The artifact client (and Octokit, which it carries) loads only in the merge job or a shard.
      const { runMergeStep } = await import('./merge-step.js')
      report = await runMergeStep(options, event, reporter, tempRoot, controller.signal)
    } else if (options) {
      const opts = options
      let cache: CacheReport | undefined
      const coverage = await prepareCoverageBase(opts, event, reporter)
      const timingsWanted = timingsPlan(opts, event)
      // The record's calls load the cache client: only when a record is restored or saved.
      const records = timingsWanted.restore || timingsWanted.save ? await import('./timings.js') : undefined
      const timings =
        records && timingsWanted.restore
          ? await reporter.group('go-gate: restore timings', () =>
              records.restoreTimings(opts, reporter, event)
            )
          : undefined
      const outcome = await runPipeline(opts, {
        coverageBase: coverage?.base,
        timings: timings?.record,
        timingsKey: timings?.matchedKey,
        reporter,
        signal: controller.signal,
        resultsDir,
        beforeStages: async (go) => {
          if (!opts.cache.enabled) return
          // @actions/cache and its HTTP stack load only when the cache is on: start-up stays quick.
          const { restoreGoCache } = await import('./cache.js')
          cache = await reporter.group('go-gate: restore cache', () => restoreGoCache(opts, go, reporter))
        }
      })
      report = outcome.report
      report.cache = cache
      if (coverage) addCoverageBaseNote(report, await coverage.finish())
      if (records && timingsWanted.save && !controller.signal.aborted) {
        const ran = report
        await reporter.group('go-gate: save timings', () =>
          records.saveTimings(ran, opts, timings?.record, reporter, event)
        )
      } else if (timingsWanted.leftToMerge) {
        reporter.info(
          "go-gate: this shard's timings go to the merge job (mode: merge) in its result, which saves the timings of all shards."
        )
      }
    }
  } catch (error) {
    // A bug in go-gate itself: say so, never report success.
    report = setupFailureReport(
      options ?? { workingDirectory: '.' },
      { ...failureFromError(error, 'setup'), kind: 'internal-error' },
      started
    )
    core.debug(error instanceof Error && error.stack ? error.stack : errorMessage(error))
  }
  reporter.resume()
  const final = redactReport(report!, secrets)
  core.saveState(STATE.result, final.result)
  await publishResultFiles(final, options, workspace, resultsDir, reporter)
  await publishReport(final, { annotations: options?.annotations ?? true, summary: options?.summary ?? true })
  // After everything the gate decides is written: the comment changes none of it, and never throws.
  if (options) {
    await postPullRequestComment(
      final,
      {
        ...options.prComment,
        workingDirectory: options.workingDirectory,
        // A leg of a sharded run knows a part; the merge job comments on the whole.
        partialShard: options.mode === 'gate' && (options.shard?.count ?? 1) > 1
      },
      event,
      { reporter, redact: createRedactor(secrets) }
    )
  }
  if (final.result === 'failure') {
    reporter.info(`go-gate: ${rootCauseLine(final)}`)
    reporter.resume()
    // Not core.setFailed: it would add an annotation that repeats the root cause.
    process.exitCode = 1
  } else {
    core.info('go-gate: all stages passed.')
  }
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  // An abandoned cache call cannot be cancelled and would keep the step open
  // through its retries; everything is written, so end here (as actions/cache does).
  process.exit(process.exitCode ?? 0)
}

/**
 * Writes the run's result files (report-file, junit-file) and, for a shard, uploads them as the
 * artifact the merge job reads. Neither may cost the verdict: a fault is a warning.
 */
async function publishResultFiles(
  report: RunReport,
  options: Options | undefined,
  workspace: string,
  resultsDir: string,
  reporter: ActionReporter
): Promise<void> {
  let written: WrittenResults
  try {
    written = await writeRunResults(
      report,
      options ?? { workspace, moduleDir: workspace, junitFile: '' },
      resultsDir,
      process.env
    )
  } catch (error) {
    core.warning(`go-gate could not write its result files: ${errorMessage(error)}`)
    return
  }
  core.setOutput('report-file', written.reportFile)
  if (report.shard && options?.mode !== 'merge') {
    const { shardArtifactName, uploadShardResult } = await import('./shard-artifact.js')
    const name = shardArtifactName(
      report.shard.shard,
      process.env.GITHUB_JOB ?? '',
      report.workingDirectory,
      process.env.GITHUB_RUN_ATTEMPT ?? 1
    )
    await reporter.group('go-gate: upload shard result', () =>
      uploadShardResult(name, written.files, resultsDir, reporter)
    )
  }
}
