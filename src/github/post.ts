// The post step (runs.post): prune the build-cache entries the run did not use,
// then save the caches under the key the main step computed. It never fails the
// job: every fault is a warning, it has its own deadline, and it exits 0.
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { removeBuildCacheEntries, scanBuildCache } from '../cache/buildcache.js'
import { describePrune, formatMiB, renderSaveSummary, type SaveOutcome } from '../cache/describe.js'
import { planPrune } from '../cache/prune.js'
import { judgeSave } from '../cache/save.js'
import { cacheServiceOf } from '../cache/service.js'
import { type CacheState, decodeCacheState, parseRestoredEntries, planSave } from '../cache/state.js'
import { STATE } from '../constants.js'
import { errorMessage } from '../errors.js'
import type { Reporter } from '../pipeline/context.js'
import { formatDuration } from '../text/duration.js'
import { callCache, probeCacheService } from './cache-call.js'

/** Past the deadline, this much more for the save's own timeout to report before the step gives up. */
const DEADLINE_GRACE_MS = 5000

async function pruneBuildCaches(state: CacheState, reporter: Reporter): Promise<SaveOutcome['pruned']> {
  const usedSince = state.usedSinceMs
  const restored =
    usedSince !== undefined && state.restoredEntriesFile
      ? parseRestoredEntries(await readFile(state.restoredEntriesFile, 'utf8').catch(() => ''))
      : undefined
  if (usedSince === undefined || !restored) {
    reporter.info(
      "Build cache not pruned: go-gate restored nothing into it this run, and what else is there is not go-gate's to remove."
    )
    return undefined
  }
  const total = { entries: 0, bytes: 0, keptEntries: 0, keptBytes: 0, ms: 0 }
  for (const dir of [state.buildCacheDir, state.lintCacheDir]) {
    if (!dir) continue
    const started = Date.now()
    const plan = planPrune(await scanBuildCache(dir), usedSince, new Set(restored[dir] ?? []))
    const removed = await removeBuildCacheEntries(dir, plan.remove)
    const ms = Date.now() - started
    reporter.info(describePrune(dir, plan, ms))
    if (removed < plan.remove.length)
      reporter.info(
        `${plan.remove.length - removed} entries in ${dir} could not be removed and are saved as they are.`
      )
    total.entries += removed
    total.bytes += plan.removeBytes
    total.keptEntries += plan.keepEntries
    total.keptBytes += plan.keepBytes
    total.ms += ms
  }
  return total
}

/**
 * Prunes and saves per the main step's state. Returns what happened; never throws for a fault of
 * the cache service. `deadlineAt` (ms since the epoch) bounds the save call.
 */
export async function saveGoCache(
  state: CacheState | undefined,
  result: string,
  reporter: Reporter,
  deadlineAt: number
): Promise<SaveOutcome> {
  const decision = planSave(state, result)
  if (!decision.save || !state) {
    const reason = 'reason' in decision ? decision.reason : 'no state'
    reporter.info(`Cache not saved: ${reason}.`)
    return { key: state?.primaryKey ?? '', saved: false, skipped: reason }
  }
  const service = cacheServiceOf(process.env)
  if (!service.available || !cache.isFeatureAvailable()) {
    const reason = `no cache service is available (${service.available ? 'the cache client finds none' : service.reason})`
    reporter.info(`Cache not saved: ${reason}.`)
    return { key: state.primaryKey, saved: false, skipped: reason }
  }
  const outcome: SaveOutcome = { key: state.primaryKey, saved: false }
  const refused = await probeCacheService(service.url, Math.max(1, Math.min(10_000, deadlineAt - Date.now())))
  if (refused) {
    outcome.fault = refused
    reporter.warning(`The cache was not saved (${refused}). The job is not affected.`)
    return outcome
  }
  try {
    outcome.pruned = await pruneBuildCaches(state, reporter)
  } catch (error) {
    reporter.info(`Build cache not pruned (${errorMessage(error)}); it is saved as it is.`)
  }
  const started = Date.now()
  const call = await callCache(
    () => cache.saveCache([...state.paths], state.primaryKey),
    Math.max(1, deadlineAt - started),
    reporter
  )
  outcome.saveMs = Date.now() - started
  outcome.archiveBytes = call.archiveBytes
  const verdict = judgeSave(state.primaryKey, call, deadlineAt - started)
  if ('fault' in verdict) {
    outcome.fault = verdict.fault
    reporter.warning(
      call.timedOut
        ? `The cache was not saved: ${verdict.fault}; go-gate gave up on it. The job is not affected.`
        : `The cache was not saved (${verdict.fault}). The job is not affected.`
    )
  } else if ('skipped' in verdict) {
    outcome.skipped = verdict.skipped
    reporter.info(`Cache not saved: ${verdict.skipped}.`)
  } else {
    outcome.saved = true
    const size = outcome.archiveBytes !== undefined ? `, archive ${formatMiB(outcome.archiveBytes)}` : ''
    reporter.info(`Cache saved as ${state.primaryKey}${size}, in ${formatDuration(outcome.saveMs)}.`)
  }
  return outcome
}

const postReporter: Reporter = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  output: (line) => core.info(line),
  group: (title, fn) => core.group(title, fn)
}

/** The list of restored entries is the main step's scratch file (in its own go-gate-cache-* folder): gone once read. */
async function removeRestoredEntriesFile(state: CacheState): Promise<void> {
  const folder = state.restoredEntriesFile ? path.dirname(state.restoredEntriesFile) : undefined
  if (folder && path.basename(folder).startsWith('go-gate-cache-'))
    await rm(folder, { recursive: true, force: true }).catch(() => undefined)
}

/** The post step's whole life: it ends the process with exit code 0, even when a call to the cache service hangs. */
export async function run(): Promise<void> {
  // A stray rejection inside a library must not turn into a failed step.
  process.on('unhandledRejection', (reason) => core.warning(`go-gate cache: ${errorMessage(reason)}`))
  process.on('uncaughtException', (error) => core.warning(`go-gate cache: ${errorMessage(error)}`))
  try {
    const state = decodeCacheState((name) => core.getState(name))
    if (!state) {
      core.info(
        'go-gate: no cache to save (cache off, no cache service, or the main step stopped before its restore).'
      )
    } else {
      const deadlineAt = Date.now() + state.saveTimeoutMs
      let timer: NodeJS.Timeout | undefined
      const work = postReporter.group('go-gate: save cache', () =>
        saveGoCache(state, core.getState(STATE.result), postReporter, deadlineAt)
      )
      const outcome = await Promise.race([
        work,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), state.saveTimeoutMs + DEADLINE_GRACE_MS)
        })
      ])
      clearTimeout(timer)
      if (!outcome) {
        core.warning(
          `go-gate gave up saving the cache after ${formatDuration(state.saveTimeoutMs)}. The job is not affected.`
        )
      } else if (state.summary && process.env.GITHUB_STEP_SUMMARY) {
        await core.summary.addRaw(renderSaveSummary(outcome)).write()
      }
      await removeRestoredEntriesFile(state)
    }
  } catch (error) {
    core.warning(`go-gate could not save the cache: ${errorMessage(error)}. The job is not affected.`)
  }
  // Like actions/cache: leave now rather than wait for sockets an abandoned call keeps open.
  process.exit(0)
}
