// The cache's edge: @actions/cache calls for the main step's restore (the post
// step's save is in post.ts). Every fault of the cache service ends here as one
// warning and a cold run; nothing in this file throws to its caller.
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

export interface ActionsLogLine {
  level: 'debug' | 'info' | 'notice' | 'warning' | 'error'
  message: string
}

function unescapeCommandData(text: string): string {
  return text.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%')
}

/** Splits a line of @actions/core output into its level and message. */
export function parseActionsLogLine(line: string): ActionsLogLine {
  const m = /^::(debug|notice|warning|error)(?: [^:]*)?::(.*)$/.exec(line)
  if (!m) return { level: 'info', message: line }
  return { level: m[1] as ActionsLogLine['level'], message: unescapeCommandData(m[2]) }
}

/** What @actions/cache logs when a call fails: the lines an abandoned call may still write later. */
const LATE_FAULT = /^::(?:warning|error)::((?:Failed to restore|Failed to save|You've hit a rate limit).*)$/s

export interface ActionsLogCapture {
  /** Stops capturing and restores stdout. */
  stop(): void
  /**
   * Stops capturing but, until `done` settles, keeps turning the fault warnings of an abandoned call
   * (LATE_FAULT) into plain lines, so one fault gives one warning. Everything else passes untouched.
   */
  stopAfter(done: Promise<unknown>): void
}

/**
 * Routes what @actions/* write to stdout through `sink` until stop(). @actions/cache reports
 * its faults only by logging them (restoreCache returns undefined for a miss and for an outage
 * alike, and logs a 5xx as ::error::), so this is the one way to tell a fault from a miss and to
 * turn its error annotations into one warning. Writes made from inside `sink` pass straight through.
 */
export function captureActionsLog(sink: (line: ActionsLogLine) => void): ActionsLogCapture {
  const stdout = process.stdout
  const original = stdout.write
  const passOn = (...args: unknown[]) => (original as (...a: unknown[]) => boolean).apply(stdout, args)
  let mode: 'capture' | 'filter' | 'off' = 'capture'
  let inSink = false
  let pending = ''
  const deliver = (line: string) => {
    // Other workflow commands (add-mask for the signed URLs, group) are for the runner: pass them on.
    if (/^::(?!(?:debug|notice|warning|error)[ :])[a-z-]+(?: [^:]*)?::/.test(line)) {
      passOn(`${line}\n`)
      return
    }
    inSink = true
    try {
      sink(parseActionsLogLine(line))
    } finally {
      inSink = false
    }
  }
  const write = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (mode === 'off' || inSink) return passOn(chunk, ...rest)
    if (mode === 'filter') {
      const late = typeof chunk === 'string' ? LATE_FAULT.exec(chunk) : null
      return late
        ? passOn(`go-gate: an abandoned cache call ended: ${late[1]}`, ...rest)
        : passOn(chunk, ...rest)
    }
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
      const line = pending.slice(0, nl).replace(/\r$/, '')
      pending = pending.slice(nl + 1)
      deliver(line)
    }
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined
    callback?.()
    return true
  }
  stdout.write = write as typeof stdout.write
  const flush = () => {
    if (pending !== '') deliver(pending)
    pending = ''
  }
  const stop = () => {
    if (mode === 'off') return
    flush()
    mode = 'off'
    if (stdout.write === (write as typeof stdout.write)) stdout.write = original
  }
  return {
    stop,
    stopAfter(done) {
      if (mode !== 'capture') return
      flush()
      mode = 'filter'
      done.then(stop, stop)
    }
  }
}

export interface CacheCallResult<T> {
  /** The call's value; undefined when it threw or ran out of time. */
  value?: T
  timedOut: boolean
  /** Warnings and errors @actions/cache logged, and what it threw. */
  faults: string[]
  /**
   * Info lines that report a refused save ("Failed to save: ... another job may be creating this cache").
   * @actions/cache says that for any failed reservation; the cause is in `reserveError`.
   */
  refusals: string[]
  /** Why the reservation failed, from the debug line @actions/cache writes ("Failed to reserve cache: ..."). */
  reserveError?: string
  /** Archive size @actions/cache logged ("Cache Size: ~N MB (B B)" on restore, "File Size: B" on save). */
  archiveBytes?: number
  /** The call's promise, still running when timedOut. */
  late: Promise<T | undefined>
}

/**
 * Runs one @actions/cache call with its log captured and a deadline. Past the deadline the call is
 * abandoned (it cannot be cancelled; the caller decides what that means) and timedOut is set.
 */
export async function callCache<T>(
  call: () => Promise<T>,
  timeoutMs: number,
  reporter: Reporter
): Promise<CacheCallResult<T>> {
  const faults: string[] = []
  const refusals: string[] = []
  let reserveError: string | undefined
  let archiveBytes: number | undefined
  const capture = captureActionsLog((line) => {
    if (line.level === 'warning' || line.level === 'error') {
      faults.push(line.message)
      return
    }
    const size = /^Cache Size: .*\((\d+) B\)/.exec(line.message) ?? /^File Size: (\d+)$/.exec(line.message)
    if (size) archiveBytes = Number(size[1])
    if (line.level === 'debug') {
      const reserve = /^Failed to reserve cache: (?:Error: )?(.*)$/s.exec(line.message)
      if (reserve) reserveError = reserve[1]
      if (core.isDebug()) core.debug(line.message)
      return
    }
    if (/^Failed to save: /.test(line.message)) refusals.push(line.message.replace(/^Failed to save: /, ''))
    if (line.message.trim() !== '') reporter.info(line.message)
  })
  let timer: NodeJS.Timeout | undefined
  const late = Promise.resolve()
    .then(call)
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error })
    )
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  let abandoned = false
  try {
    const outcome = await Promise.race([late, deadline])
    if (outcome === 'timeout') {
      abandoned = true
      return {
        timedOut: true,
        faults,
        refusals,
        reserveError,
        archiveBytes,
        late: late.then((o) => ('value' in o ? o.value : undefined))
      }
    }
    if ('error' in outcome) faults.push(errorMessage(outcome.error))
    const value = 'value' in outcome ? outcome.value : undefined
    return {
      value,
      timedOut: false,
      faults,
      refusals,
      reserveError,
      archiveBytes,
      late: Promise.resolve(undefined)
    }
  } finally {
    clearTimeout(timer)
    if (abandoned) capture.stopAfter(late)
    else capture.stop()
  }
}

/** Short and single-line, for a warning. */
export function summarizeFaults(faults: readonly string[]): string {
  const unique = [...new Set(faults.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f !== ''))]
  const text = unique.join('; ')
  return text.length > 600 ? `${text.slice(0, 600)}…` : text
}

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
