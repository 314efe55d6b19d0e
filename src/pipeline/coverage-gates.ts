// The coverage gates of a measured profile, in one place for the unit stage and for the merge of a
// sharded run: the total against coverage-threshold, the comparison with the base branch's
// baseline (coverage-drop-max) and the pull request's changed lines (patch-coverage-threshold).
// Test failures stay the root cause: the gates go after them, total first, then drop, then patch.
import {
  compareCoverage,
  coverageDropGate,
  coverageGate,
  measurePatchCoverage,
  type ParsedProfile,
  patchCoverageGate
} from '../coverage/index.js'
import type { CoverageOptions, CoverageReport } from '../model/coverage.js'
import type { StageResult } from '../model/report.js'
import type { Options } from '../options.js'
import type { ChangedLines } from './changed-lines.js'
import type { CoverageBase } from './context.js'

export interface CoverageGateInput {
  options: Pick<Options, 'coverage'>
  coverageBase?: CoverageBase
  /** The pull request's changed lines (git runs while the tests do), or why there are none. */
  changed?: Promise<ChangedLines | string>
  coverageOptions: CoverageOptions
  /** Why the measurement is partial (the run was cut short, a shard left no result); unset when full. */
  partialBecause?: string
  /** One shard of several: its coverage is its own packages', gated on the merged total instead. */
  partialShard?: boolean
}

/** Puts the coverage on the stage and applies every gate that a full measurement allows. */
export async function gateCoverage(
  result: StageResult,
  report: CoverageReport,
  parsed: ParsedProfile,
  input: CoverageGateInput
): Promise<void> {
  const { options, coverageBase, changed, partialBecause } = input
  const threshold = options.coverage.threshold
  result.coverage = report
  result.coverageThreshold = threshold
  if (partialBecause !== undefined) {
    result.notes.push(
      threshold > 0
        ? `Coverage ${report.percentText}% is partial because ${partialBecause}, so the ${threshold}% threshold was not checked.`
        : `Coverage ${report.percentText}% is partial because ${partialBecause}.`
    )
    if (coverageBase?.compare) {
      result.coverageComparison = {
        missing: `coverage is partial (${partialBecause}), so it was not compared`
      }
    }
    if (changed) result.notes.push(`Patch coverage was not measured: ${partialBecause}.`)
    return
  }
  if (input.partialShard) {
    const skipped = [
      ...(threshold > 0 ? [`the ${threshold}% threshold`] : []),
      ...(coverageBase?.compare ? ['the comparison with the base branch'] : []),
      ...(coverageBase?.patchBaseSha ? ['patch coverage'] : [])
    ]
    if (skipped.length > 0)
      result.notes.push(
        `Coverage ${report.percentText}% is this shard's packages only, so ${skipped.length > 1 ? `${skipped.slice(0, -1).join(', ')} and ${skipped[skipped.length - 1]}` : skipped[0]} ${skipped.length === 1 ? 'is' : 'are'} checked on the merged total (mode: merge), not here.`
      )
    return
  }
  const testsFailed = result.status === 'failed'
  const failuresBefore = result.failures.length
  const gate = coverageGate(report, threshold, result.stage)
  if (gate.failure) {
    result.failures.push(gate.failure)
    result.notices.push(...gate.notices)
  }
  if (!testsFailed) coverageBase?.onFullCoverage?.(report)
  const compare = coverageBase?.compare
  if (compare?.baseline) {
    const comparison = compareCoverage(report, compare.baseline, {
      exclude: options.coverage.exclude,
      dropMax: options.coverage.dropMax
    })
    result.coverageComparison = comparison
    const drop = coverageDropGate(report, comparison, result.stage)
    if (drop) result.failures.push(drop)
  } else if (compare) {
    result.coverageComparison = {
      missing: compare.missing ?? 'no baseline of the base branch was found',
      dropMax: options.coverage.dropMax
    }
  }
  if (changed) {
    const lines = await changed
    if (typeof lines === 'string') {
      result.notes.push(`Patch coverage was not measured: ${lines}.`)
    } else {
      result.notes.push(...lines.notes)
      const patch = measurePatchCoverage(parsed, {
        changes: lines.changes,
        generated: lines.generated,
        baseSha: coverageBase?.patchBaseSha ?? lines.from,
        threshold: options.coverage.patchThreshold,
        ...input.coverageOptions
      })
      result.patchCoverage = patch
      const patchGate = patchCoverageGate(patch, result.stage)
      if (patchGate.failure) result.failures.push(patchGate.failure)
      result.notices.push(...patchGate.warnings)
    }
  }
  if (result.failures.length > failuresBefore) result.status = 'failed'
}
