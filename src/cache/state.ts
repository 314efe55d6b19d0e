// What the main step hands to the post step, as state strings, and the post
// step's decision whether to save. The runner passes state back as STATE_<name>.
import { STATE } from '../constants.js'
import { isExactKeyMatch } from './restore.js'

/** cache-save: when the post step saves. */
export type CacheSaveMode = 'always' | 'on-success' | 'never'

export interface CacheState {
  primaryKey: string
  /** The key the restore matched: equal to primaryKey on an exact hit. */
  matchedKey?: string
  /** The folders restored, in order; the save must use the same list (it is part of the cache version). */
  paths: string[]
  save: CacheSaveMode
  /** GOCACHE, pruned before saving. */
  buildCacheDir?: string
  /** golangci-lint's cache, pruned like GOCACHE. */
  lintCacheDir?: string
  /**
   * Milliseconds since the epoch at which the run's use of the build cache began (after the
   * restore and backdating): an entry with an older mtime was not used. Set only when the restore
   * brought entries; without it nothing is pruned.
   */
  usedSinceMs?: number
  /** A JSON file: for each build-cache folder, the entries the restore brought (see restoredEntriesJson). */
  restoredEntriesFile?: string
  /** The post step gives up after this long. */
  saveTimeoutMs: number
  /** Write the save's sizes and time to the job summary. */
  summary: boolean
}

export function encodeCacheState(state: CacheState): [string, string][] {
  const pairs: [string, string][] = [
    [STATE.cachePrimaryKey, state.primaryKey],
    [STATE.cacheMatchedKey, state.matchedKey ?? ''],
    [STATE.cachePaths, JSON.stringify(state.paths)],
    [STATE.cacheSave, state.save],
    [STATE.buildCacheDir, state.buildCacheDir ?? ''],
    [STATE.lintCacheDir, state.lintCacheDir ?? ''],
    [STATE.buildCacheUsedSince, state.usedSinceMs === undefined ? '' : String(state.usedSinceMs)],
    [STATE.cacheRestoredEntries, state.restoredEntriesFile ?? ''],
    [STATE.cacheSaveTimeout, String(state.saveTimeoutMs)],
    [STATE.cacheSummary, String(state.summary)]
  ]
  return pairs
}

/** Reads the state back; undefined when the main step saved none (cache off, or it stopped before the restore). */
export function decodeCacheState(get: (name: string) => string): CacheState | undefined {
  const primaryKey = get(STATE.cachePrimaryKey)
  if (!primaryKey) return undefined
  let paths: unknown
  try {
    paths = JSON.parse(get(STATE.cachePaths) || '[]')
  } catch {
    return undefined
  }
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
    return undefined
  const save = get(STATE.cacheSave)
  const usedSince = Number(get(STATE.buildCacheUsedSince))
  const timeout = Number(get(STATE.cacheSaveTimeout))
  return {
    primaryKey,
    matchedKey: get(STATE.cacheMatchedKey) || undefined,
    paths: paths as string[],
    save: save === 'on-success' || save === 'never' ? save : 'always',
    buildCacheDir: get(STATE.buildCacheDir) || undefined,
    lintCacheDir: get(STATE.lintCacheDir) || undefined,
    usedSinceMs: get(STATE.buildCacheUsedSince) !== '' && Number.isFinite(usedSince) ? usedSince : undefined,
    restoredEntriesFile: get(STATE.cacheRestoredEntries) || undefined,
    saveTimeoutMs: Number.isFinite(timeout) && timeout > 0 ? timeout : DEFAULT_SAVE_TIMEOUT_MS,
    summary: get(STATE.cacheSummary) !== 'false'
  }
}

/** When the main step left no timeout: twice the default restore timeout. */
export const DEFAULT_SAVE_TIMEOUT_MS = 10 * 60 * 1000

/** The post step's deadline: saving packs and uploads what a restore downloads and unpacks, so allow twice as long. */
export function saveTimeoutFor(restoreTimeoutMs: number): number {
  return 2 * restoreTimeoutMs
}

export type SaveDecision = { save: true } | { save: false; reason: string }

/** Whether the post step saves, from the state and the run's result ('success' | 'failure' | '' when unknown). */
export function planSave(state: CacheState | undefined, result: string): SaveDecision {
  if (!state)
    return {
      save: false,
      reason: 'the main step restored no cache (cache off, no cache service, or it stopped early)'
    }
  if (state.save === 'never') return { save: false, reason: 'cache-save is never' }
  if (state.save === 'on-success' && result !== 'success') {
    return {
      save: false,
      reason: `the run did not succeed (${result || 'no result recorded'}) and cache-save is on-success`
    }
  }
  if (isExactKeyMatch(state.primaryKey, state.matchedKey)) {
    return {
      save: false,
      reason: `the cache service already holds this exact key (${state.primaryKey}), found by the restore; a key is never overwritten`
    }
  }
  return { save: true }
}

/** The restored-entries file's content: build-cache folder → entries (`ab/ab12…-a`) the restore brought. */
export type RestoredEntries = Record<string, string[]>

export function parseRestoredEntries(text: string): RestoredEntries | undefined {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined
  for (const list of Object.values(value)) {
    if (!Array.isArray(list) || !list.every((name) => typeof name === 'string')) return undefined
  }
  return value as RestoredEntries
}
