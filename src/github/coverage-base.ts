// Coverage across runs: what the event says (a push to the default branch, a pull request and its
// base), the base branch's baseline restored from the cache service for a pull request, and a full
// measurement on the default branch saved as the next baseline. Nothing here fails the gate: a
// missing baseline or cache service becomes a sentence in the summary; a run whose event says
// neither (no payload, say) has no coverage base.
import {
  BASELINE_RECORD_NAME,
  baselineFromReport,
  baselineKey,
  baselineKeyPrefix,
  parseCoverageBaseline
} from '../coverage/index.js'
import type { RunEvent } from '../event/run-event.js'
import type { CoverageReport } from '../model/coverage.js'
import type { RunReport } from '../model/report.js'
import type { Options } from '../options.js'
import type { CoverageBase, Reporter } from '../pipeline/context.js'

/** What the workflow's event means for coverage. */
export type CoverageEvent =
  | { kind: 'push-default'; branch: string; sha: string }
  | { kind: 'pull-request'; baseRef: string; baseSha: string }
  | { kind: 'other' }

/**
 * What the run's event means for coverage. A push counts when it is to the repository's default
 * branch and names its commit; a pull request gives its base branch and commit. Only
 * `pull_request`: `pull_request_target` runs on the base branch's code, so it has no patch to
 * measure and is not a pull request here.
 */
export function coverageEventOf(event: RunEvent): CoverageEvent {
  if (event.name === 'pull_request') {
    const { baseRef, baseSha } = event.pullRequest ?? {}
    if (baseRef === undefined || baseSha === undefined) return { kind: 'other' }
    return { kind: 'pull-request', baseRef, baseSha }
  }
  if (!event.push?.toDefaultBranch || !event.sha) return { kind: 'other' }
  return { kind: 'push-default', branch: event.push.branch, sha: event.sha }
}

export interface CoverageBaseSetup {
  base: CoverageBase
  /** After the run: saves the baseline when the unit stage measured one; a sentence for the summary. */
  finish: () => Promise<string | undefined>
}

/** The coverage base for this run: restored on a pull request, collected for saving on a push. */
export async function prepareCoverageBase(
  options: Options,
  runEvent: RunEvent,
  reporter: Reporter
): Promise<CoverageBaseSetup | undefined> {
  const event = coverageEventOf(runEvent)
  if (!options.stages.includes('unit') || event.kind === 'other') return undefined
  const wd = options.workingDirectory
  if (event.kind === 'pull-request') {
    const base: CoverageBase = { patchBaseSha: event.baseSha, compare: {} }
    if (!options.cache.enabled) {
      base.compare = {
        missing: 'the cache is off (cache: false), so no baseline of the base branch was looked up'
      }
    } else {
      const restored = await reporter.group('go-gate: restore coverage baseline', () =>
        restoreBaseline(wd, event.baseRef, reporter)
      )
      base.compare = restored
    }
    return { base, finish: async () => undefined }
  }
  let measured: CoverageReport | undefined
  const base: CoverageBase = {
    onFullCoverage: (report) => {
      measured = report
    }
  }
  const finish = async () => {
    if (!measured) return undefined
    if (!options.cache.enabled) return 'The coverage baseline was not saved: the cache is off (cache: false).'
    const record = baselineFromReport(measured, {
      branch: event.branch,
      sha: event.sha,
      workingDirectory: wd
    })
    const key = baselineKey(wd, event.branch, event.sha)
    const { saveRecord } = await import('./records.js')
    const saved = await saveRecord(BASELINE_RECORD_NAME, key, JSON.stringify(record), reporter)
    return saved.saved
      ? `Coverage ${measured.percentText}% saved as the baseline of ${event.branch}@${event.sha.slice(0, 7)} for pull requests to compare with.`
      : (saved.note ?? 'The coverage baseline was not saved.')
  }
  return { base, finish }
}

async function restoreBaseline(
  workingDirectory: string,
  branch: string,
  reporter: Reporter
): Promise<NonNullable<CoverageBase['compare']>> {
  // @actions/cache loads only when a baseline is wanted: start-up stays quick otherwise.
  const { restoreRecord } = await import('./records.js')
  const prefix = baselineKeyPrefix(workingDirectory, branch)
  const restored = await restoreRecord(BASELINE_RECORD_NAME, [prefix], reporter)
  if (restored.content === undefined) {
    if (restored.why === undefined)
      return {
        missing: `no coverage baseline of ${branch} is in the cache (pushes to the default branch save one)`
      }
    return { missing: `no coverage baseline of ${branch} could be restored: ${restored.why}` }
  }
  const baseline = parseCoverageBaseline(restored.content)
  if (typeof baseline === 'string')
    return { missing: `the coverage baseline of ${branch} cannot be used: ${baseline}` }
  reporter.info(
    `go-gate: coverage baseline of ${baseline.branch}@${baseline.sha.slice(0, 7)} restored (${restored.matchedKey}).`
  )
  return { baseline }
}

/** Puts the baseline's sentence under the unit stage, where coverage is. */
export function addCoverageBaseNote(report: RunReport, note: string | undefined): void {
  if (!note) return
  const unit = report.stages.find((s) => s.stage === 'unit')
  unit?.notes.push(note)
}
