// Runs `go test -json` for a stage (unit, integration): streams its output into
// the reader, stops the run at the first failed package under fail-fast, and
// turns the result into a StageResult. Shared so both stages read alike.

import { programNotStartedFailure } from '../errors.js'
import { unexplainedGoFailure } from '../gobuild/unexplained.js'
import type { TestRun } from '../gotest/collect.js'
import { failFastNote, packageTests } from '../gotest/failfast.js'
import { type PackageInfo, PathResolver } from '../gotest/locate.js'
import { applyQuarantine, type QuarantineMatcher, quarantineMatcher } from '../gotest/quarantine.js'
import { TestJsonReader } from '../gotest/reader.js'
import { stageResultFromTestRun } from '../gotest/stage-result.js'
import { TestCaseLog } from '../gotest/test-cases.js'
import type { Failure, StageName, StageResult } from '../model/report.js'
import type { StageContext } from './context.js'
import { buildSourceIndex, listModules, listPackages, type ModuleInfo } from './go.js'
import { logTestOutput, startGoTestJson } from './go-command.js'
import { displayCommand, type ProcessResult, type RunningProcess } from './process.js'
import { rerunFailedTests } from './rerun.js'

export interface GoTestRunSpec {
  stage: StageName
  /** Flags after `go test -json` and before the packages. */
  flags: string[]
  packages: string[]
  /** How the packages are shown in the command (a shard's long list of import paths, in a few words). */
  shownPackages?: string
  /** Flags `go list` needs to see the same packages (build tags). */
  listFlags?: string[]
  env?: NodeJS.ProcessEnv
  failFast: boolean
}

/**
 * The flags both test stages pass as the inputs ask: -race, -timeout and -failfast.
 * With reruns or a quarantine there is no -failfast: every test must run in the first attempt,
 * or a flaky or quarantined test would hide the tests -failfast left unrun after it.
 */
export function commonTestFlags(
  options: Pick<StageContext['options'], 'race' | 'testTimeout' | 'failFast' | 'rerun'>
): string[] {
  return [
    ...(options.race ? ['-race'] : []),
    '-timeout',
    options.testTimeout,
    ...(stopsAtFirstFailure(options) ? ['-failfast'] : [])
  ]
}

/**
 * Whether the first run stops at the first failure (-failfast and the package stop): not with
 * reruns or a quarantine, whose failures may not fail the gate while the tests after them must run.
 */
export function stopsAtFirstFailure(options: Pick<StageContext['options'], 'failFast' | 'rerun'>): boolean {
  return options.failFast && options.rerun.attempts === 0 && options.rerun.quarantine.length === 0
}

export interface GoTestRunOutcome {
  result: StageResult
  modules: ModuleInfo[]
  exitCode: number | null
  /** True when go-gate stopped the run (fail-fast, stage-timeout, cancellation): what it measured is partial. */
  stopped: boolean
}

export async function runGoTestJson(ctx: StageContext, spec: GoTestRunSpec): Promise<GoTestRunOutcome> {
  const { options } = ctx
  const started = Date.now()
  const env = spec.env ?? ctx.env
  const args = ['test', '-json', ...spec.flags, ...spec.packages]
  const command =
    spec.shownPackages !== undefined
      ? `${displayCommand('go', ['test', '-json', ...spec.flags])} ${spec.shownPackages}`
      : displayCommand('go', args)
  // The main modules map coverage files to folders; `go list -m` costs next to nothing.
  const modules = listModules(options.moduleDir, { env, signal: ctx.signal }).catch(() => [] as ModuleInfo[])

  const streamed = await streamGoTest(ctx, spec, env, args)
  const { processResult, run, stoppedBy, stoppedOnPurpose } = streamed

  const failedPackages = [...run.packages.values()]
    .filter((p) => p.status === 'fail')
    .map((p) => p.importPath)
  // Packages are listed only when something must be explained or named: a green run skips go list.
  const listed =
    failedPackages.length > 0 || stoppedOnPurpose
      ? await listPackages(options.moduleDir, spec.packages, { env, flags: spec.listFlags }).catch(
          (error: unknown) => ({ packages: [], modules: [], stderr: String(error), exitCode: null })
        )
      : { packages: [], modules: [] }
  const index = await buildSourceIndex(options.workspace, options.moduleDir, listed.packages, failedPackages)
  const { result: base, explanation } = stageResultFromTestRun(run, new PathResolver(index), spec.stage, {
    // A live run has an exit status: a go command error is judged by it below.
    textWithoutEventsFails: false
  })
  const failures: Failure[] = base.failures
  const notes: string[] = base.notes

  if (processResult.spawnError) {
    failures.unshift(programNotStartedFailure('go', spec.stage, processResult.spawnError))
  }
  const notRun = stoppedOnPurpose ? unfinishedPackages(listed.packages, run) : []
  if (stoppedBy && !processResult.aborted) {
    const note = failFastNote({
      failedPackage: stoppedBy,
      declared: packageTests(index, stoppedBy),
      started: run.packages.get(stoppedBy)?.startedTests,
      unfinished: notRun,
      flags: spec.flags
    })
    if (note) notes.push(note)
  }
  // Never green when go said red: a non-zero exit with nothing explained is a failure we say we cannot explain.
  const goFailed =
    processResult.exitCode !== 0 && !processResult.timedOut && !processResult.aborted && !stoppedBy
  let rawTail: string[] | undefined
  if ((goFailed || explanation.unexplained) && failures.length === 0) {
    rawTail = processResult.tail
    failures.push(
      unexplainedGoFailure({
        command: 'go test',
        stage: spec.stage,
        exitCode: processResult.exitCode,
        tail: processResult.tail,
        rawLines: run.rawLines.lines()
      })
    )
  } else if (base.rawTail) {
    // The process's own tail has stderr too: it says more than the stream's.
    rawTail = processResult.tail
  }
  const result: StageResult = {
    stage: spec.stage,
    status: failures.length > 0 ? 'failed' : 'passed',
    durationMs: Date.now() - started,
    failures,
    notices: [],
    notes,
    command,
    tests: base.tests,
    packages: base.packages,
    notRun,
    rawTail
  }
  const cases = streamed.testCases.finish()
  result.testCases = cases.testCases
  if (cases.dropped > 0) result.testCasesDropped = cases.dropped
  applyQuarantine(result, streamed.quarantine, streamed.quarantinedPassed)
  if (!stoppedOnPurpose) await rerunFailedTests(ctx, spec.flags, env, run, result)
  return { result, modules: await modules, exitCode: processResult.exitCode, stopped: stoppedOnPurpose }
}

interface StreamedGoTest {
  processResult: ProcessResult
  run: TestRun
  /** The package whose failure stopped the run under fail-fast. */
  stoppedBy?: string
  /** go-gate stopped the run (fail-fast, stage-timeout, cancellation): what it measured is partial. */
  stoppedOnPurpose: boolean
  quarantine: QuarantineMatcher
  /** Quarantined tests that passed. */
  quarantinedPassed: { package: string; test: string }[]
  /** Every test as it ended, for JUnit and the report file. */
  testCases: TestCaseLog
}

/** Runs `go test -json`, its output read as it comes and echoed; under fail-fast the first failed package stops it. */
async function streamGoTest(
  ctx: StageContext,
  spec: GoTestRunSpec,
  env: NodeJS.ProcessEnv,
  args: string[]
): Promise<StreamedGoTest> {
  const { reporter } = ctx
  let stoppedBy: string | undefined
  let running: RunningProcess | undefined
  const quarantine = quarantineMatcher(ctx.options.rerun.quarantine)
  const quarantinedPassed: { package: string; test: string }[] = []
  const testCases = new TestCaseLog()
  const watchQuarantine = ctx.options.rerun.quarantine.length > 0
  const reader = new TestJsonReader({
    onPackageEnd: (pkg) => {
      if (spec.failFast && pkg.status === 'fail' && stoppedBy === undefined) {
        stoppedBy = pkg.importPath
        running?.stop()
      }
    },
    onRawLine: (line) => reporter.output(line),
    // Every test's end is logged (JUnit, the report file); a live reporter and a quarantine watch too.
    onEvent: (event) => {
      reporter.testEvent?.(event)
      testCases.add(event)
      if (
        watchQuarantine &&
        event.Action === 'pass' &&
        event.Test &&
        event.Package &&
        quarantine(event.Package, event.Test)
      )
        quarantinedPassed.push({ package: event.Package, test: event.Test })
    },
    onOutput: logTestOutput(reporter)
  })
  running = startGoTestJson(ctx, args, env, reader)
  const processResult = await running.result
  // Packages cut short because go-gate stopped the run (fail-fast, stage-timeout,
  // cancellation) did not fail: they did not finish. The stop itself is reported.
  const stoppedOnPurpose = stoppedBy !== undefined || processResult.timedOut || processResult.aborted
  return {
    processResult,
    run: reader.finish(stoppedOnPurpose),
    stoppedBy,
    stoppedOnPurpose,
    quarantine,
    quarantinedPassed,
    testCases
  }
}

/** Listed packages the stopped run did not finish: still running, or never started. */
function unfinishedPackages(listed: readonly PackageInfo[], run: TestRun): string[] {
  return listed
    .map((p) => p.importPath)
    .filter((importPath) => {
      // Ended but let go past the package budget, or still running when the run stopped.
      if (run.omittedPackages.has(importPath)) return false
      const record = run.packages.get(importPath)
      return !record || record.status === 'running'
    })
}
