// What a stage gets to do its work. Stages know nothing of GitHub: they log
// through a Reporter that the action and the CLI each implement.

import type { TestEvent } from '../gotest/event.js'
import type { CoverageBaseline, CoverageReport } from '../model/coverage.js'
import type { StageName, StageResult } from '../model/report.js'
import type { TimingsRecord } from '../model/shard.js'
import type { Options } from '../options.js'
import type { GoEnv } from './go.js'

export interface Reporter {
  info(message: string): void
  /** A warning the user should see (the action also annotates it). */
  warning(message: string): void
  /** A line of raw Go output, echoed as it came (the action neutralises workflow commands in it). */
  output(line: string): void
  /** Folds the log of one phase. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  /** Each `go test -json` event as it arrives, for a reporter that shows live progress. */
  testEvent?(event: TestEvent): void
}

export interface StageContext {
  readonly options: Options
  readonly go: GoEnv
  readonly reporter: Reporter
  /** Aborts when the stage runs past stage-timeout or the run is cancelled; pass it to every process. */
  readonly signal: AbortSignal
  /** Environment for child processes (the runner's, plus what the stage adds). */
  readonly env: NodeJS.ProcessEnv
  /** A folder for the stage's scratch files (temporary copies), removed after the run. */
  readonly tempDir: string
  /** A folder for files that outlive the run (the unit stage's coverage profile); tempDir when no one asked. */
  readonly resultsDir: string
  /** Package timings from earlier runs, which a sharded stage splits its packages by (input `shard`). */
  readonly timings?: TimingsRecord
  /** The cache key that record was restored from, for the summary and the merge's check. */
  readonly timingsKey?: string
  /** What the unit stage compares coverage with (pull requests) and hands on (pushes); see CoverageBase. */
  readonly coverageBase?: CoverageBase
}

/**
 * Coverage beyond the run itself, given by the adapter: the base branch's baseline and the base
 * commit of a pull request, and where a full measurement goes to become the next baseline.
 */
export interface CoverageBase {
  /** Set on pull requests: the base branch's baseline, or `missing` saying why there is none. */
  compare?: { baseline?: CoverageBaseline; missing?: string }
  /** The commit patch coverage counts changed lines from (the pull request's base). */
  patchBaseSha?: string
  /** Called once when the unit stage measured coverage fully and no test failed: the next baseline. */
  onFullCoverage?: (report: CoverageReport) => void
}

/** What running a command in the module needs: a stage has it, and so has the merge of a sharded run. */
export type CommandContext = Pick<StageContext, 'options' | 'env' | 'signal' | 'reporter'>

export type StageRunner = (ctx: StageContext) => Promise<StageResult>

/** A StageResult with nothing in it yet. */
export function emptyStageResult(stage: StageName): StageResult {
  return { stage, status: 'passed', durationMs: 0, failures: [], notices: [], notes: [] }
}
