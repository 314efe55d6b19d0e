// The merge of a sharded run (mode: merge): each shard's result folder read back (report,
// raw coverage profile), the reports folded into one by the core, the profiles merged as
// `go tool cover` merges them and gated on the merged total, the root cause settled as for
// any run. What a shard leaves is named in results.ts.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  CoverageProfileError,
  coverageUnreadable,
  type ParsedProfile,
  parseCoverageProfileFiles,
  summarizeProfile
} from '../coverage/index.js'
import { errorMessage } from '../errors.js'
import { type MergedShards, mergeShardReports, type ShardInput } from '../merge/shards.js'
import type { CoverageModule, CoverageReport } from '../model/coverage.js'
import type { RunReport, StageResult } from '../model/report.js'
import type { TimingsRecord } from '../model/shard.js'
import type { Options } from '../options.js'
import { readReportJson } from '../report/report-json.js'
import { splitDisagreement } from '../shard/assign.js'
import { mergeTimings, timingsFromReport } from '../shard/timings.js'
import type { ChangedLines } from './changed-lines.js'
import type { CoverageBase } from './context.js'
import { gateCoverage } from './coverage-gates.js'
import { RESULT_FILES } from './results.js'
import { settleRunResult } from './verdict.js'

export interface ShardFolder {
  /** The artifact's name, or whatever names the folder to a reader. */
  source: string
  dir: string
}

/** What the merged total is compared with on a pull request, as the unit stage of one run would. */
export interface MergedCoverageBase {
  base?: CoverageBase
  /** The pull request's changed lines, or why there are none. */
  changed?: Promise<ChangedLines | string>
}

export interface MergeOutcome {
  report: RunReport
  timings: TimingsRecord
  merged: MergedShards
}

/**
 * Reads and merges the shards' result folders. `missingMessage` says, for a shard that left no
 * folder, where its result was looked for. Throws GateError / ReportFileError when the folders
 * cannot be one run's shards.
 */
export async function mergeShardFolders(
  folders: readonly ShardFolder[],
  options: Pick<Options, 'workspace' | 'coverage'>,
  missingMessage: (index: number, count: number) => string,
  coverage: MergedCoverageBase = {}
): Promise<MergeOutcome> {
  const inputs: (ShardInput & { dir: string; modules: CoverageModule[] })[] = []
  for (const folder of folders) {
    const file = path.join(folder.dir, RESULT_FILES.report)
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      throw new Error(`${folder.source} holds no readable ${RESULT_FILES.report}: ${errorMessage(error)}`)
    })
    const read = readReportJson(text, `${folder.source}/${RESULT_FILES.report}`)
    inputs.push({ source: folder.source, report: read.report, dir: folder.dir, modules: read.modules ?? [] })
  }
  const merged = mergeShardReports(inputs, missingMessage)
  failOnSplitDisagreement(merged)
  const profiles = inputs
    .map((i) => path.join(i.dir, RESULT_FILES.profile))
    .filter((file) => existsSync(file))
  const unit = merged.report.stages.find((s) => s.stage === 'unit')
  if (unit && profiles.length > 0) {
    const modules = uniqueModules(
      inputs.flatMap((i) => i.modules),
      options.workspace
    )
    await addMergedCoverage(unit, profiles, modules, merged, options, coverage)
  }
  return {
    report: settleRunResult(merged.report),
    // Each shard's own measurements; the merge step lays them over the record the shards split by.
    timings: mergeTimings(merged.shards.map((s) => timingsFromReport(s.report))),
    merged
  }
}

/**
 * Shards that split the packages differently (they restored different timings records) may have
 * left packages unrun that no shard reported: the merge must not call that green.
 */
const SPLIT_DISAGREED =
  'The shards split the packages differently, so some may have run twice or not at all: run the workflow again'

function failOnSplitDisagreement(merged: MergedShards): void {
  for (const stage of merged.report.stages) {
    if (stage.stage !== 'unit' && stage.stage !== 'integration') continue
    const assignments = merged.shards.flatMap((s) => {
      const own = s.report.stages.find((st) => st.stage === stage.stage)?.shard
      return own ? [own] : []
    })
    const disagreement = splitDisagreement(assignments)
    if (!disagreement) continue
    // First: the counts and coverage of a split that went wrong explain nothing about the tests.
    stage.failures.unshift({
      kind: 'internal-error',
      stage: stage.stage,
      severity: 'error',
      title: SPLIT_DISAGREED,
      // The headline is the short sentence; which shards split how follows it.
      message: `${SPLIT_DISAGREED}
${disagreement}`
    })
    stage.status = 'failed'
  }
}

/** The modules the shards named, their folders made absolute in this workspace. */
function uniqueModules(modules: readonly CoverageModule[], workspace: string): CoverageModule[] {
  const byPath = new Map<string, CoverageModule>()
  for (const m of modules) byPath.set(m.path, { path: m.path, dir: path.resolve(workspace, m.dir) })
  return [...byPath.values()]
}

async function addMergedCoverage(
  unit: StageResult,
  profiles: string[],
  modules: CoverageModule[],
  merged: MergedShards,
  options: Pick<Options, 'workspace' | 'coverage'>,
  coverage: MergedCoverageBase
): Promise<void> {
  const threshold = options.coverage.threshold
  const name = `the merged coverage profile of ${profiles.length} shard${profiles.length === 1 ? '' : 's'}`
  const coverageOptions = { repoRoot: options.workspace, modules, exclude: options.coverage.exclude }
  let parsed: ParsedProfile
  let report: CoverageReport
  try {
    parsed = await parseCoverageProfileFiles(profiles, name)
    report = summarizeProfile(parsed, coverageOptions)
  } catch (error) {
    const message = error instanceof CoverageProfileError ? error.message : errorMessage(error)
    coverageUnreadable(unit, 'merged', message, threshold)
    return
  }
  // A shard that left nothing, or stopped before all its packages ran, measured only part.
  const cutShort = merged.shards
    .filter((s) => (s.report.stages.find((st) => st.stage === 'unit')?.notRun?.length ?? 0) > 0)
    .map((s) => s.report.shard?.shard.index)
  const partialBecause =
    merged.missing.length > 0
      ? `shard ${merged.missing.join(', ')} of ${merged.count} left no result`
      : cutShort.length > 0
        ? `shard ${cutShort.join(', ')} of ${merged.count} was cut short`
        : undefined
  await gateCoverage(unit, report, parsed, {
    options,
    coverageBase: coverage.base,
    changed: coverage.changed,
    coverageOptions,
    partialBecause
  })
}
