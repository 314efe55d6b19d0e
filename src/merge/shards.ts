// src/merge/ owns merging a sharded run: the RunReports of the shards folded into the one report
// a single run would give (counts summed, stages joined, failures of all shards in explaining
// order, a missing shard named as a failure), and the timings the shards measured. Pure: the
// pipeline reads the files and merges the coverage profiles; the root cause is chosen where
// every report's is (settleRunResult), never here.
import { GateError } from '../errors.js'
import { MAX_TEST_CASES } from '../gotest/test-cases.js'
import {
  EXPLAINING_RANK,
  type Failure,
  type RunReport,
  STAGE_NAMES,
  type StageName,
  type StageResult,
  type TestCounts
} from '../model/report.js'

export interface ShardInput {
  /** Where the report came from, for messages: an artifact's name, a folder. */
  source: string
  report: RunReport
}

export interface MergedShards {
  /** The merged report, its result not yet settled and its coverage not yet merged. */
  report: RunReport
  /** n, from the shards' reports. */
  count: number
  /** 1-based indexes of the shards that left no result, ascending. */
  missing: number[]
  /** The inputs in shard order, one per index. */
  shards: ShardInput[]
}

/** Stages whose packages are split between shards; the others run the same everywhere, if at all. */
const SHARDED_STAGES: readonly StageName[] = ['unit', 'integration']

/** The one sentence a missing shard gets: the merge fails with it. */
function missingShardTitle(index: number, count: number): string {
  return `Shard ${index} of ${count} left no result (cancelled or crashed?)`
}

/**
 * Folds the shards' reports into one. Throws GateError('invalid-input') when the reports cannot
 * belong to one sharded run: a report that is no shard's, shards that disagree on n or on the
 * working directory, two results for one shard. `missingMessage` explains a missing shard.
 */
export function mergeShardReports(
  inputs: readonly ShardInput[],
  missingMessage: (index: number, count: number) => string
): MergedShards {
  if (inputs.length === 0) throw new GateError('invalid-input', 'No shard left a result to merge.')
  for (const input of inputs) {
    if (!input.report.shard)
      throw new GateError(
        'invalid-input',
        `${input.source} is the result of a run that was not sharded (no "shard"); the merge reads only the results of shard: i/n runs.`
      )
  }
  const count = inputs[0].report.shard?.shard.count ?? 0
  const disagree = inputs.find((i) => i.report.shard?.shard.count !== count)
  if (disagree) {
    throw new GateError(
      'invalid-input',
      `The shards disagree on their number: ${inputs[0].source} is one of ${count}, ${disagree.source} one of ${disagree.report.shard?.shard.count}. Merge the results of one matrix at a time.`
    )
  }
  const workingDirectory = inputs[0].report.workingDirectory
  const elsewhere = inputs.find((i) => i.report.workingDirectory !== workingDirectory)
  if (elsewhere) {
    throw new GateError(
      'invalid-input',
      `The shards ran in different working directories: ${inputs[0].source} in ${workingDirectory}, ${elsewhere.source} in ${elsewhere.report.workingDirectory}.`
    )
  }
  const byIndex = new Map<number, ShardInput>()
  for (const input of inputs) {
    const index = input.report.shard?.shard.index ?? 0
    const twin = byIndex.get(index)
    if (twin)
      throw new GateError(
        'invalid-input',
        `Shard ${index} of ${count} left two results: ${twin.source} and ${input.source}.`
      )
    byIndex.set(index, input)
  }
  const shards = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, input]) => input)
  const missing: number[] = []
  for (let i = 1; i <= count; i++) if (!byIndex.has(i)) missing.push(i)

  const stages = STAGE_NAMES.flatMap((name) => {
    const ran = shards.flatMap((s) => {
      const stage = s.report.stages.find((r) => r.stage === name)
      return stage ? [{ shard: s.report.shard?.shard.index ?? 0, stage }] : []
    })
    if (ran.length === 0) return []
    return [SHARDED_STAGES.includes(name) ? mergeStage(name, ran, count) : firstThatRan(ran)]
  })
  if (missing.length > 0) {
    // The missing shards' packages were not tested: the test stages say so, in the first one that ran.
    const stage =
      stages.find((s) => SHARDED_STAGES.includes(s.stage) && s.status !== 'skipped') ??
      stages.find((s) => SHARDED_STAGES.includes(s.stage))
    const failures = missing.map(
      (index): Failure => ({
        kind: 'cancelled',
        stage: stage?.stage ?? 'unit',
        severity: 'error',
        title: missingShardTitle(index, count),
        // The first line is the sentence the root cause shows.
        message: `${missingShardTitle(index, count)}\n${missingMessage(index, count)}`
      })
    )
    if (stage) {
      stage.failures.push(...failures)
      stage.status = 'failed'
    } else {
      stages.push({
        stage: 'unit',
        status: 'failed',
        durationMs: 0,
        failures,
        notices: [],
        notes: []
      })
    }
  }
  const report: RunReport = {
    result: 'success',
    stages,
    setupFailures: unique(shards.flatMap((s) => s.report.setupFailures)),
    tests: sumCounts(stages.map((s) => s.tests)),
    durationMs: Math.max(...shards.map((s) => s.report.durationMs)),
    environment: shards[0].report.environment,
    workingDirectory
  }
  return { report, count, missing, shards }
}

/** A stage every shard runs the same way (tidy, lint, build): the first shard's that ran it says it all. */
function firstThatRan(ran: { shard: number; stage: StageResult }[]): StageResult {
  return structuredClone((ran.find((r) => r.stage.status !== 'skipped') ?? ran[0]).stage)
}

/** A test stage: each shard ran its packages; together they ran all of them. */
function mergeStage(
  name: StageName,
  ran: { shard: number; stage: StageResult }[],
  count: number
): StageResult {
  const stages = ran.map((r) => r.stage)
  const status = stages.some((s) => s.status === 'failed')
    ? 'failed'
    : stages.some((s) => s.status === 'passed')
      ? 'passed'
      : 'skipped'
  // Each shard gated coverage on its share alone: the merged profile is gated again, so theirs go.
  const notCoverage = (f: Failure) => f.kind !== 'coverage-below-threshold'
  const failures = ran
    .flatMap((r) => r.stage.failures.filter(notCoverage))
    // Stable: equal ranks keep shard order, as a single run keeps the order failures happened in.
    .sort((a, b) => EXPLAINING_RANK[a.kind] - EXPLAINING_RANK[b.kind])
  const notes = unique(
    ran.flatMap((r) =>
      r.stage.notes.filter((n) => !n.startsWith('Coverage ')).map((n) => `Shard ${r.shard} of ${count}: ${n}`)
    )
  )
  for (const r of ran) {
    if (r.stage.status === 'skipped' && status !== 'skipped')
      notes.push(
        `Shard ${r.shard} of ${count} skipped the ${name} stage: ${r.stage.skipReason ?? 'no reason given'}.`
      )
  }
  const merged: StageResult = {
    stage: name,
    status,
    durationMs: Math.max(...stages.map((s) => s.durationMs)),
    failures,
    notices: ran.flatMap((r) => r.stage.notices.filter(notCoverage)),
    notes,
    command: stages.find((s) => s.command)?.command,
    tests: sumCounts(stages.map((s) => s.tests)),
    // Shards finish in any order: the table lists packages by import path.
    packages: stages
      .flatMap((s) => s.packages ?? [])
      .sort((a, b) => (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0)),
    notRun: stages.flatMap((s) => s.notRun ?? [])
  }
  merged.notes.unshift(`Merged from the results of ${ran.length} of ${count} shards.`)
  if (status === 'skipped') merged.skipReason = stages[0].skipReason
  const rawTail = stages.find((s) => s.status === 'failed' && s.rawTail)?.rawTail
  if (rawTail) merged.rawTail = rawTail
  const flaky = stages.flatMap((s) => s.flaky ?? [])
  if (flaky.length > 0) merged.flaky = flaky
  const quarantined = stages.flatMap((s) => s.quarantined ?? [])
  if (quarantined.length > 0) merged.quarantined = quarantined
  let dropped = stages.reduce((n, s) => n + (s.testCasesDropped ?? 0), 0)
  if (stages.some((s) => s.testCases)) {
    // The merge keeps no more than one run would: each shard kept up to the cap, n shards n times it.
    const cases = stages.flatMap((s) => s.testCases ?? [])
    merged.testCases = cases.slice(0, MAX_TEST_CASES)
    dropped += cases.length - merged.testCases.length
  }
  if (dropped > 0) merged.testCasesDropped = dropped
  return merged
}

function sumCounts(all: readonly (TestCounts | undefined)[]): TestCounts {
  const total: TestCounts = { passed: 0, failed: 0, skipped: 0 }
  for (const c of all) {
    if (!c) continue
    total.passed += c.passed
    total.failed += c.failed
    total.skipped += c.skipped
  }
  return total
}

/** Drops repeats (the same set-up failure or note from every shard), keeping the first. */
function unique<T>(items: readonly T[]): T[] {
  const seen = new Set<string>()
  return items.filter((item) => {
    const key = JSON.stringify(item)
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
