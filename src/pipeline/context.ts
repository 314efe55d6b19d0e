// What a stage gets to do its work. Stages know nothing of GitHub: they log
// through a Reporter that the action and the CLI each implement.

import type { TestEvent } from '../gotest/event.js'
import type { StageName, StageResult } from '../model/report.js'
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
}

export type StageRunner = (ctx: StageContext) => Promise<StageResult>

/** A StageResult with nothing in it yet. */
export function emptyStageResult(stage: StageName): StageResult {
  return { stage, status: 'passed', durationMs: 0, failures: [], notices: [], notes: [] }
}
