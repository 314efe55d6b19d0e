// The main step's restore (the post step's save is in post.ts). Every fault of
// the cache service ends here as one warning and a cold run; nothing in this
// file throws to its caller.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { addedCacheNames, backdateBuildCache, listCacheNames, removeAddedNames } from '../cache/buildcache.js'
import { summarizeFaults } from '../cache/describe.js'
import { cacheKeys, hashSumFiles, runnerArchOf, runnerOsOf } from '../cache/key.js'
import { clearFolder, hasModules } from '../cache/modcache.js'
import { type CachePaths, cachePaths, golangciLintCacheDir } from '../cache/paths.js'
import { describeCleanUp, planRestore, type RestoreOutcome } from '../cache/restore.js'
import { cacheServiceOf } from '../cache/service.js'
import { type CacheState, encodeCacheState, type RestoredEntries, saveTimeoutFor } from '../cache/state.js'
import { readSumFiles } from '../cache/sums.js'
import { errorMessage } from '../errors.js'
import type { CacheReport } from '../model/report.js'
import type { Options } from '../options.js'
import type { Reporter } from '../pipeline/context.js'
import type { GoEnv } from '../pipeline/go.js'
import { callCache, probeCacheService } from './cache-call.js'

interface CachePlan {
  keys: { primary: string; restoreKeys: string[] }
  paths: CachePaths
}

async function planGoCache(options: Options, go: GoEnv, env: NodeJS.ProcessEnv): Promise<CachePlan> {
  const lintCache = options.stages.includes('lint')
    ? golangciLintCacheDir(env, process.platform, os.homedir())
    : undefined
  const paths = cachePaths(go, lintCache)
  const sums = await readSumFiles(options.workspace)
  const keys = cacheKeys({
    prefix: options.cache.keyPrefix,
    runnerOs: env.RUNNER_OS || runnerOsOf(process.platform),
    runnerArch: env.RUNNER_ARCH || runnerArchOf(process.arch),
    goVersion: go.GOVERSION,
    sumsHash: hashSumFiles(sums)
  })
  return { keys, paths }
}

/** What was in the caches before the restore: what a failed restore may remove is only what is new. */
interface BeforeRestore {
  moduleCacheFilled: boolean
  /** For each build-cache folder, its names (see listCacheNames). */
  buildCacheNames: Map<string, Set<string>>
}

async function lookBeforeRestore(paths: CachePaths): Promise<BeforeRestore> {
  const buildCacheNames = new Map<string, Set<string>>()
  for (const dir of paths.buildCaches) buildCacheNames.set(dir, await listCacheNames(dir))
  return {
    moduleCacheFilled: paths.moduleCache !== undefined && (await hasModules(paths.moduleCache)),
    buildCacheNames
  }
}

/** Calls the cache service (a lookup only when the module cache is already filled) and says how it ended. */
async function callRestore(
  keys: { primary: string; restoreKeys: string[] },
  paths: CachePaths,
  before: BeforeRestore,
  serviceUrl: string,
  timeoutMs: number,
  reporter: Reporter
): Promise<RestoreOutcome> {
  const refused = await probeCacheService(serviceUrl, Math.min(timeoutMs, 10_000))
  if (refused) return { kind: 'fault', reason: refused }
  if (before.moduleCacheFilled && paths.moduleCache) {
    // Restoring over a filled module cache collides (tar cannot replace Go's read-only module
    // files: "Cannot open: File exists"), and its content is not ours. Look the key up only, so
    // the post step does not save a key the service already holds.
    const lookup = await callCache(
      () => cache.restoreCache([...paths.all], keys.primary, [], { lookupOnly: true }),
      timeoutMs,
      reporter
    )
    return { kind: 'not-restored', moduleCache: paths.moduleCache, foundKey: lookup.value }
  }
  const restore = await callCache(
    () =>
      cache.restoreCache([...paths.all], keys.primary, keys.restoreKeys, { segmentTimeoutInMs: timeoutMs }),
    timeoutMs,
    reporter
  )
  if (restore.timedOut) {
    restore.late.then((lateKey) => {
      if (lateKey)
        reporter.warning(
          `The abandoned cache restore of ${lateKey} finished late, while the run was going on.`
        )
    })
    return { kind: 'timeout', timeoutMs, lastError: restore.lastRetryError }
  }
  if (restore.value)
    return { kind: 'restored', matchedKey: restore.value, archiveBytes: restore.archiveBytes }
  if (restore.faults.length > 0) return { kind: 'fault', reason: summarizeFaults(restore.faults) }
  return { kind: 'miss' }
}

/** Removes what a failed restore wrote: the module cache (empty before) and the build-cache names that are new. */
async function cleanUpFailedRestore(paths: CachePaths, before: BeforeRestore): Promise<string> {
  let removed = 0
  let keptBefore = 0
  if (paths.moduleCache && !before.moduleCacheFilled && (await hasModules(paths.moduleCache))) {
    await clearFolder(paths.moduleCache)
    removed++
  }
  for (const [dir, names] of before.buildCacheNames) {
    removed += await removeAddedNames(dir, names)
    keptBefore += names.size
  }
  return describeCleanUp(removed, keptBefore)
}

/**
 * Backdates the build-cache entries the restore brought (so the run's use of them shows) and
 * writes their list for the post step, which prunes only among them. Entries that were on the
 * machine before are neither moved nor ever pruned.
 */
async function markRestoredEntries(
  before: BeforeRestore,
  usedSinceMs: number,
  env: NodeJS.ProcessEnv
): Promise<string> {
  const restored: RestoredEntries = {}
  for (const [dir, names] of before.buildCacheNames) {
    const added = (await addedCacheNames(dir, names)).filter((name) => name.includes('/'))
    restored[dir] = added
    await backdateBuildCache(dir, usedSinceMs, new Set(added))
  }
  const base = env.RUNNER_TEMP || os.tmpdir()
  await mkdir(base, { recursive: true })
  const file = path.join(await mkdtemp(path.join(base, 'go-gate-cache-')), 'restored-entries.json')
  await writeFile(file, JSON.stringify(restored))
  return file
}

function saveCacheState(state: CacheState): void {
  for (const [name, value] of encodeCacheState(state)) core.saveState(name, value)
}

/**
 * Restores the module and build caches before the stages run. Never throws: a fault of the cache
 * service, a hang past cache-restore-timeout or a corrupt archive gives a warning and a cold run,
 * and what a failed restore wrote is removed (what was there before it never is).
 * Leaves in state what the post step needs to save.
 */
export async function restoreGoCache(options: Options, go: GoEnv, reporter: Reporter): Promise<CacheReport> {
  const started = Date.now()
  if (!options.cache.enabled) return { hit: 'false', notes: ['The cache is off (cache: false).'] }
  try {
    const service = cacheServiceOf(process.env)
    if (!service.available || !cache.isFeatureAvailable()) {
      const reason = service.available ? 'the cache client finds no cache service' : service.reason
      return {
        hit: 'false',
        notes: [`No cache service is available: ${reason}. The run goes on without a cache.`]
      }
    }
    const { keys, paths } = await planGoCache(options, go, process.env)
    if (paths.all.length === 0) {
      return {
        hit: 'false',
        notes: ['GOMODCACHE and GOCACHE are both unset or off; there is nothing to cache.']
      }
    }
    const timeoutMs = options.cache.restoreTimeoutMs
    const state: CacheState = {
      primaryKey: keys.primary,
      paths: paths.all,
      save: options.cache.save,
      buildCacheDir: paths.buildCaches.find((dir) => dir !== paths.lintCache),
      lintCacheDir: paths.lintCache,
      saveTimeoutMs: saveTimeoutFor(timeoutMs),
      summary: options.summary
    }
    reporter.info(
      `Cache key ${keys.primary}; fallback ${keys.restoreKeys.join(', ')}; paths ${paths.all.join(', ')} (cache service ${service.version}).`
    )
    const before = await lookBeforeRestore(paths)
    const outcome = await callRestore(keys, paths, before, service.url, timeoutMs, reporter)
    const plan = planRestore(keys.primary, outcome)
    if (plan.warning) reporter.warning(plan.warning)
    const notes = [...plan.notes]
    if (plan.cleanUp) notes.push(await cleanUpFailedRestore(paths, before))
    state.matchedKey = plan.matchedKey
    if (plan.markRestored) {
      // From here on the run's go commands mark what they use (see src/cache/prune.ts).
      const usedSinceMs = Date.now()
      try {
        state.restoredEntriesFile = await markRestoredEntries(before, usedSinceMs, process.env)
        state.usedSinceMs = usedSinceMs
      } catch (error) {
        // Without backdated mtimes a use may not show: keep everything rather than prune blind.
        notes.push(`The build cache will not be pruned before saving (${errorMessage(error)}).`)
      }
    }
    saveCacheState(state)
    return {
      hit: plan.hit,
      key: keys.primary,
      matchedKey: plan.hit !== 'false' ? plan.matchedKey : undefined,
      restoreMs: Date.now() - started,
      restoredBytes: outcome.kind === 'restored' ? outcome.archiveBytes : undefined,
      notes
    }
  } catch (error) {
    reporter.warning(`The cache could not be restored (${errorMessage(error)}); the run goes on cold.`)
    return {
      hit: 'false',
      restoreMs: Date.now() - started,
      notes: ['The cache restore failed; the run went on cold.']
    }
  }
}
