// The main step's restore (the post step's save is in post.ts). Every fault of
// the cache service ends here as one warning and a cold run; nothing in this
// file throws to its caller.
import os from 'node:os'
import * as cache from '@actions/cache'
import * as core from '@actions/core'
import { backdateBuildCache, hasBuildCacheEntries } from '../cache/buildcache.js'
import { cacheKeys, hashSumFiles, runnerArchOf, runnerOsOf } from '../cache/key.js'
import { clearFolder, hasModules } from '../cache/modcache.js'
import { type CachePaths, cachePaths, golangciLintCacheDir } from '../cache/paths.js'
import { type CacheState, encodeCacheState, saveTimeoutFor } from '../cache/state.js'
import { readSumFiles } from '../cache/sums.js'
import { errorMessage } from '../errors.js'
import type { CacheReport } from '../model/report.js'
import type { Options } from '../options.js'
import type { Reporter } from '../pipeline/context.js'
import type { GoEnv } from '../pipeline/go.js'
import { formatDuration } from '../text/duration.js'
import { callCache, summarizeFaults } from './cache-call.js'

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

/** Empties folders a failed restore may have half-filled; they were empty before it. */
async function clearHalfRestored(paths: CachePaths): Promise<boolean> {
  let cleared = false
  if (paths.moduleCache && (await hasModules(paths.moduleCache))) {
    await clearFolder(paths.moduleCache)
    cleared = true
  }
  for (const dir of paths.buildCaches) {
    if (await hasBuildCacheEntries(dir)) {
      await clearFolder(dir)
      cleared = true
    }
  }
  return cleared
}

function saveCacheState(state: CacheState): void {
  for (const [name, value] of encodeCacheState(state)) core.saveState(name, value)
}

/**
 * Restores the module and build caches before the stages run. Never throws: a fault of the cache
 * service, a hang past cache-restore-timeout or a corrupt archive gives a warning and a cold run.
 * Leaves in state what the post step needs to save.
 */
export async function restoreGoCache(options: Options, go: GoEnv, reporter: Reporter): Promise<CacheReport> {
  const started = Date.now()
  const notes: string[] = []
  if (!options.cache.enabled) return { hit: 'false', notes: ['The cache is off (cache: false).'] }
  try {
    if (!cache.isFeatureAvailable()) {
      return {
        hit: 'false',
        notes: [
          'No cache service is available (not running on GitHub Actions); the run goes on without a cache.'
        ]
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
      `Cache key ${keys.primary}; fallback ${keys.restoreKeys.join(', ')}; paths ${paths.all.join(', ')}.`
    )

    // A module cache that already has content was filled before go-gate ran: by
    // actions/setup-go's own cache, an earlier go command or a persistent runner. Restoring over
    // it collides (tar cannot replace Go's read-only module files: "Cannot open: File exists"),
    // and its content is not ours to prune.
    if (paths.moduleCache && (await hasModules(paths.moduleCache))) {
      notes.push(
        `The module cache (${paths.moduleCache}) already had content before go-gate's restore: actions/setup-go's cache ` +
          '(cache: true), an earlier go command, or a persistent runner. go-gate did not restore over it, because two ' +
          'caches restoring the same read-only module files collide; set cache: false on actions/setup-go to let go-gate cache.'
      )
      const lookup = await callCache(
        () => cache.restoreCache([...paths.all], keys.primary, [], { lookupOnly: true }),
        timeoutMs,
        reporter
      )
      if (lookup.value === keys.primary) state.matchedKey = keys.primary
      saveCacheState(state)
      return { hit: 'false', key: keys.primary, restoreMs: Date.now() - started, notes }
    }

    const restore = await callCache(
      () =>
        cache.restoreCache([...paths.all], keys.primary, keys.restoreKeys, { segmentTimeoutInMs: timeoutMs }),
      timeoutMs,
      reporter
    )
    let hit: CacheReport['hit'] = 'false'
    if (restore.timedOut) {
      reporter.warning(
        `The cache restore did not finish within cache-restore-timeout (${formatDuration(timeoutMs)}); go-gate abandoned it and the run goes on cold.`
      )
      notes.push(`The restore was abandoned after ${formatDuration(timeoutMs)}; the run went on cold.`)
      restore.late.then((lateKey) => {
        if (lateKey)
          reporter.warning(
            `The abandoned cache restore of ${lateKey} finished late, while the run was going on.`
          )
      })
    } else if (restore.value) {
      hit = restore.value === keys.primary ? 'true' : 'partial'
      state.matchedKey = restore.value
      if (hit === 'partial')
        notes.push(
          `Restored from the fallback key ${restore.value}: go.sum changed since that cache was saved.`
        )
    } else if (restore.faults.length > 0) {
      const cleared = await clearHalfRestored(paths)
      reporter.warning(
        `The cache could not be restored (${summarizeFaults(restore.faults)}); the run goes on cold.`
      )
      notes.push(
        `The cache service failed; the run went on cold${cleared ? ' (the half-restored cache was removed)' : ''}.`
      )
    } else {
      notes.push(
        `No cache for ${keys.primary} or its fallback yet; the run starts cold and the post step saves one.`
      )
    }

    // From here on the run's go commands mark what they use (see src/cache/prune.ts).
    const usedSinceMs = Date.now()
    state.usedSinceMs = usedSinceMs
    if (hit !== 'false') {
      try {
        for (const dir of paths.buildCaches) await backdateBuildCache(dir, usedSinceMs)
      } catch (error) {
        // Without backdated mtimes a use may not show: keep everything rather than prune blind.
        state.usedSinceMs = undefined
        notes.push(`The build cache will not be pruned before saving (${errorMessage(error)}).`)
      }
    }
    saveCacheState(state)
    return {
      hit,
      key: keys.primary,
      matchedKey: state.matchedKey,
      restoreMs: Date.now() - started,
      restoredBytes: hit !== 'false' ? restore.archiveBytes : undefined,
      notes
    }
  } catch (error) {
    reporter.warning(`The cache could not be restored (${errorMessage(error)}); the run goes on cold.`)
    notes.push('The cache restore failed; the run went on cold.')
    return { hit: 'false', restoreMs: Date.now() - started, notes }
  }
}
