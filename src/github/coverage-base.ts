// Coverage across runs: what the event says (a push to the default branch, a pull request and its
// base), the base branch's baseline restored from the cache service for a pull request, and a full
// measurement on the default branch saved as the next baseline. Nothing here fails the gate: a
// missing payload, baseline or cache service becomes a sentence in the summary.
import { readFileSync } from 'node:fs'
import {
  BASELINE_RECORD_NAME,
  baselineFromReport,
  baselineKey,
  baselineKeyPrefix,
  parseCoverageBaseline
} from '../coverage/index.js'
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
 * Reads GITHUB_EVENT_NAME and the payload at GITHUB_EVENT_PATH. A push counts when it is to the
 * repository's default branch (`repository.default_branch`); a pull request gives its base branch
 * and commit (`pull_request.base.ref` / `.sha`). `pull_request_target` runs on the base branch's
 * code, so it has no patch to measure and is not a pull request here.
 */
export function readCoverageEvent(env: NodeJS.ProcessEnv = process.env): CoverageEvent {
  const name = env.GITHUB_EVENT_NAME
  if (name !== 'push' && name !== 'pull_request') return { kind: 'other' }
  let payload: Record<string, unknown>
  try {
    payload = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? '', 'utf8')) as Record<string, unknown>
  } catch {
    return { kind: 'other' }
  }
  if (name === 'pull_request') {
    const base = (payload.pull_request as { base?: { ref?: unknown; sha?: unknown } } | undefined)?.base
    if (typeof base?.ref !== 'string' || typeof base.sha !== 'string') return { kind: 'other' }
    return { kind: 'pull-request', baseRef: base.ref, baseSha: base.sha }
  }
  const defaultBranch = (payload.repository as { default_branch?: unknown } | undefined)?.default_branch
  const ref = env.GITHUB_REF ?? ''
  const branch = env.GITHUB_REF_NAME ?? ''
  const sha = env.GITHUB_SHA ?? (typeof payload.after === 'string' ? payload.after : '')
  // A tag push has a ref name too: only a branch named as the default one counts.
  if (typeof defaultBranch !== 'string' || branch !== defaultBranch || ref !== `refs/heads/${branch}` || !sha)
    return { kind: 'other' }
  return { kind: 'push-default', branch, sha }
}

export interface CoverageBaseSetup {
  base: CoverageBase
  /** After the run: saves the baseline when the unit stage measured one; a sentence for the summary. */
  finish: () => Promise<string | undefined>
}

/** The coverage base for this run: restored on a pull request, collected for saving on a push. */
export async function prepareCoverageBase(
  options: Options,
  event: CoverageEvent,
  reporter: Reporter
): Promise<CoverageBaseSetup | undefined> {
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
    const why = (restored.note ?? '')
      .replace(/^No [\w-]+ record(?: could be looked up)?: /, '')
      .replace(/\.$/, '')
    if (why === '' || /^No [\w-]+ record was found/.test(why))
      return {
        missing: `no coverage baseline of ${branch} is in the cache (pushes to the default branch save one)`
      }
    return { missing: `no coverage baseline of ${branch} could be restored: ${why}` }
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
