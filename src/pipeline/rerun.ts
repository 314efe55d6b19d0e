// Runs the reruns the core plans (rerun-failed): each failed test alone, one
// attempt after another until it passes or the attempts run out, under the
// stage's signal so stage-timeout and cancellation stop them. The core judges.

import type { TestRun } from '../gotest/collect.js'
import { TestJsonReader } from '../gotest/reader.js'
import {
  applyReruns,
  failedTestNames,
  planReruns,
  type RerunOutcome,
  type RerunTarget,
  rerunArgs
} from '../gotest/rerun.js'
import type { StageResult } from '../model/report.js'
import type { StageContext } from './context.js'
import { logTestOutput, startGoTestJson } from './go-command.js'

export async function rerunFailedTests(
  ctx: StageContext,
  flags: readonly string[],
  env: NodeJS.ProcessEnv,
  run: TestRun,
  result: StageResult
): Promise<void> {
  const { rerun } = ctx.options
  if (rerun.attempts === 0 || result.status !== 'failed') return
  const plan = planReruns(result, rerun)
  if (plan.skipped) {
    result.notes.push(plan.skipped)
    ctx.reporter.info(plan.skipped)
  }
  if (plan.targets.length === 0) return
  const started = Date.now()
  const outcomes: RerunOutcome[] = []
  for (const target of plan.targets) {
    const reruns: boolean[] = []
    while (reruns.length < rerun.attempts && !reruns.includes(true) && !ctx.signal.aborted) {
      reruns.push(await attempt(ctx, rerunArgs(flags, target), env, target))
    }
    outcomes.push({ target, reruns })
  }
  if (ctx.signal.aborted) {
    result.notes.push('The reruns were stopped with the stage, so the first run’s failures stand.')
    return
  }
  applyReruns(result, outcomes, rerun.flaky, failedTestNames(run))
  result.durationMs += Date.now() - started
}

/** One attempt: true when the test ran and passed and go exited 0. */
async function attempt(
  ctx: StageContext,
  args: string[],
  env: NodeJS.ProcessEnv,
  target: RerunTarget
): Promise<boolean> {
  let passed = false
  const reader = new TestJsonReader({
    onEvent: (event) => {
      if (event.Action === 'pass' && event.Test === target.test && event.Package === target.package)
        passed = true
    },
    onRawLine: (line) => ctx.reporter.output(line),
    onOutput: logTestOutput(ctx.reporter)
  })
  ctx.reporter.info(`Rerunning ${target.test} in ${target.package}`)
  const running = startGoTestJson(ctx, args, env, reader)
  const processResult = await running.result
  reader.finish(processResult.aborted)
  return passed && processResult.exitCode === 0 && !processResult.aborted && !processResult.timedOut
}
