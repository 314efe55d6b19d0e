// src/pipeline/ owns running: the stages in order with gating, fail-fast, stage-timeout and
// cancellation (run), child processes in their own process groups (process, go-command,
// gotest-run), the go command's environment (go, environment), services polled before the
// integration tests (wait), golangci-lint found or installed (install-golangci) and the lines a
// pull request changed, from git (changed-lines). It runs processes and hands their output to the
// core, which decides; it knows nothing of GitHub.
//
// The gated pipeline: stages in order, the first failure stops the run under
// fail-fast, each stage bounded by stage-timeout, the whole run by cancellation.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { errorKind, errorMessage, GateError } from '../errors.js'
import type {
  EnvironmentFingerprint,
  Failure,
  RunReport,
  StageName,
  StageResult,
  TestCounts
} from '../model/report.js'
import type { Options } from '../options.js'
import { formatLimit } from '../text/duration.js'
import { emptyStageResult, type Reporter, type StageContext, type StageRunner } from './context.js'
import { checkEnvironment, explainGoEnvFailure, readModDirectives } from './environment.js'
import { type GoEnv, readGoEnv } from './go.js'
import { STAGE_RUNNERS } from './stages/index.js'
import { settleRunResult } from './verdict.js'

/**
 * What the caller hands the stages as it is (see StageContext): timings for a sharded split, the
 * coverage base of a pull request, and where result files outlive the run (resultsDir; else the
 * run's scratch folder).
 */
export interface PipelineDeps
  extends Partial<Pick<StageContext, 'timings' | 'timingsKey' | 'coverageBase' | 'resultsDir'>> {
  reporter: Reporter
  /** Aborts when the job is cancelled (SIGINT/SIGTERM). */
  signal?: AbortSignal
  env?: NodeJS.ProcessEnv
  /** Stage implementations; tests may replace one. */
  runners?: Partial<Record<StageName, StageRunner>>
  /** Called once Go is known, before the stages (the action restores its cache here). */
  beforeStages?: (go: GoEnv) => Promise<void>
}

export interface PipelineOutcome {
  report: RunReport
  go?: GoEnv
}

/** Fails the set-up before any stage ran: the report names it and nothing else ran. */
export function setupFailureReport(
  options: Pick<Options, 'workingDirectory'>,
  failure: Failure,
  started: number
): RunReport {
  return {
    result: 'failure',
    rootCause: failure,
    stages: [],
    setupFailures: [failure],
    tests: { passed: 0, failed: 0, skipped: 0 },
    durationMs: Date.now() - started,
    workingDirectory: options.workingDirectory
  }
}

export function failureFromError(error: unknown, stage: Failure['stage']): Failure {
  const message = errorMessage(error)
  return { kind: errorKind(error), stage, severity: 'error', title: message.split('\n')[0], message }
}

export async function runPipeline(options: Options, deps: PipelineDeps): Promise<PipelineOutcome> {
  const started = Date.now()
  const env = { ...(deps.env ?? process.env) }
  const signal = deps.signal ?? new AbortController().signal
  const { reporter } = deps

  const setup = await setUp(options, env, signal, reporter, started)
  if ('report' in setup) return setup
  const { go, environment } = setup
  if (deps.beforeStages) await deps.beforeStages(go)

  const tempDir = await mkdtemp(path.join(process.env.RUNNER_TEMP ?? os.tmpdir(), 'go-gate-'))
  let stages: StageResult[]
  try {
    const runners: Record<StageName, StageRunner> = { ...STAGE_RUNNERS, ...deps.runners }
    stages = await runStagesInOrder(runners, {
      options,
      go,
      reporter,
      env,
      tempDir,
      resultsDir: deps.resultsDir ?? tempDir,
      signal,
      timings: deps.timings,
      timingsKey: deps.timingsKey,
      coverageBase: deps.coverageBase
    })
  } finally {
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined)
  }

  const report: RunReport = {
    result: 'success',
    stages,
    setupFailures: signal.aborted ? cancelledBetweenStages(stages) : [],
    tests: totalTests(stages),
    durationMs: Date.now() - started,
    environment,
    workingDirectory: options.workingDirectory
  }
  const shard = stages.find((s) => s.shard)?.shard
  if (shard) report.shard = shard
  return { report: settleRunResult(report), go }
}

/**
 * What must hold before any stage: go.mod where working-directory says, a go that runs,
 * and an environment every stage would not trip over. A report when it does not.
 */
async function setUp(
  options: Options,
  env: NodeJS.ProcessEnv,
  signal: AbortSignal,
  reporter: Reporter,
  started: number
): Promise<PipelineOutcome | { go: GoEnv; environment: EnvironmentFingerprint }> {
  if (!existsSync(path.join(options.moduleDir, 'go.mod'))) {
    const failure = failureFromError(
      new GateError(
        'invalid-input',
        `Input "working-directory" is "${options.workingDirectory}"; expected a folder inside the workspace that holds go.mod, and ${path.join(options.moduleDir, 'go.mod')} does not exist.`
      ),
      'setup'
    )
    return { report: setupFailureReport(options, failure, started) }
  }
  const mod = await readModDirectives(options.moduleDir)
  let go: GoEnv
  try {
    go = await readGoEnv(options.moduleDir, env, signal)
  } catch (error) {
    const failure = explainGoEnvFailure(options, failureFromError(error, 'setup'), mod)
    return { report: setupFailureReport(options, failure, started) }
  }
  const check = checkEnvironment(options, go, mod, env)
  for (const note of check.notes) reporter.info(`go-gate: ${note}`)
  if (check.failures.length === 0) return { go, environment: check.fingerprint }
  // A mismatch every stage would trip over: name it, and show the stages as not run.
  const report = setupFailureReport(options, check.failures[0], started)
  report.setupFailures = check.failures
  report.environment = check.fingerprint
  report.stages = options.stages.map((stage) => ({
    ...emptyStageResult(stage),
    status: 'skipped',
    skipReason: `set-up failed first (${check.failures[0].kind})`
  }))
  return { report, go }
}

/** The stages in pipeline order; after a failure under fail-fast, or a cancellation, the rest are skipped. */
async function runStagesInOrder(
  runners: Record<StageName, StageRunner>,
  ctx: StageContext
): Promise<StageResult[]> {
  const stages: StageResult[] = []
  let firstFailed: StageName | undefined
  for (const stage of ctx.options.stages) {
    if (ctx.signal.aborted) {
      stages.push({ ...emptyStageResult(stage), status: 'skipped', skipReason: 'the run was cancelled' })
      continue
    }
    if (firstFailed && ctx.options.failFast) {
      stages.push({
        ...emptyStageResult(stage),
        status: 'skipped',
        skipReason: `the ${firstFailed} stage failed first (fail-fast)`
      })
      continue
    }
    const result = await ctx.reporter.group(`go-gate: ${stage}`, () => runStage(stage, runners[stage], ctx))
    stages.push(result)
    if (result.status === 'failed') firstFailed ??= stage
  }
  return stages
}

function totalTests(stages: readonly StageResult[]): TestCounts {
  const tests: TestCounts = { passed: 0, failed: 0, skipped: 0 }
  for (const s of stages) {
    if (!s.tests) continue
    tests.passed += s.tests.passed
    tests.failed += s.tests.failed
    tests.skipped += s.tests.skipped
  }
  return tests
}

/** A cancellation that came between stages, so no stage reported it: the run names it. */
function cancelledBetweenStages(stages: readonly StageResult[]): Failure[] {
  if (stages.some((s) => s.failures.some((f) => f.kind === 'cancelled'))) return []
  return [
    {
      kind: 'cancelled',
      stage: stages.find((s) => s.status !== 'skipped')?.stage ?? 'setup',
      severity: 'error',
      title: 'The run was cancelled before it finished',
      message: 'go-gate received a cancellation signal and stopped its child processes.'
    }
  ]
}

async function runStage(stage: StageName, runner: StageRunner, ctx: StageContext): Promise<StageResult> {
  const started = Date.now()
  const controller = new AbortController()
  let timedOut = false
  const onCancel = () => controller.abort()
  ctx.signal.addEventListener('abort', onCancel, { once: true })
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, ctx.options.stageTimeoutMs)
  // go removes its go-build* work folder only when it exits on its own; a stopped go test
  // (fail-fast, stage-timeout, SIGTERM) leaves it behind. Its own GOTMPDIR goes with the stage.
  const goTmpDir = path.join(ctx.tempDir, `gotmp-${stage}`)
  let result: StageResult
  try {
    await mkdir(goTmpDir, { recursive: true })
    result = await runner({ ...ctx, env: { ...ctx.env, GOTMPDIR: goTmpDir }, signal: controller.signal })
  } catch (error) {
    result = { ...emptyStageResult(stage), status: 'failed', failures: [failureFromError(error, stage)] }
  } finally {
    clearTimeout(timer)
    ctx.signal.removeEventListener('abort', onCancel)
    await rm(goTmpDir, { recursive: true, force: true }).catch(() => undefined)
  }
  result.durationMs = Date.now() - started
  if (timedOut) {
    result.status = 'failed'
    const running = result.command ? ` while running \`${result.command}\`` : ''
    result.failures.unshift({
      kind: 'timeout',
      stage,
      severity: 'error',
      title: `The ${stage} stage ran past stage-timeout (${formatLimit(ctx.options.stageTimeoutMs)}) and was stopped${running}`,
      message: `The ${stage} stage was stopped after ${formatLimit(ctx.options.stageTimeoutMs)}${running}.`,
      output: result.rawTail
    })
  } else if (ctx.signal.aborted) {
    result.status = 'failed'
    result.failures.unshift({
      kind: 'cancelled',
      stage,
      severity: 'error',
      title: `The run was cancelled during the ${stage} stage`,
      message: `go-gate was cancelled during the ${stage} stage${result.command ? ` (\`${result.command}\`)` : ''} and stopped its child processes.`
    })
  }
  return result
}
