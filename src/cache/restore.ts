// What a restore means and what to do after it: the hit the outputs report, the
// key the post step must not save again, whether to clean up what a failed
// restore wrote, and whether restored build-cache entries get backdated (and so
// may be pruned later). Plain data in, plain data out; the I/O is in src/github/cache.ts.
import type { CacheReport } from '../model/report.js'
import { formatDuration } from '../text/duration.js'

/**
 * actions/cache's isExactKeyMatch: the matched key equals the primary key but for case
 * (`localeCompare` at 'accent' sensitivity). Cache servers may store keys lower-cased.
 */
export function isExactKeyMatch(primaryKey: string, matchedKey: string | undefined): boolean {
  return (
    matchedKey !== undefined &&
    matchedKey.length === primaryKey.length &&
    matchedKey.localeCompare(primaryKey, undefined, { sensitivity: 'accent' }) === 0
  )
}

/** How the restore call ended. */
export type RestoreOutcome =
  /** The module cache already had content, so nothing was restored; `foundKey` is what a lookup of the primary key found. */
  | { kind: 'not-restored'; moduleCache: string; foundKey?: string }
  | { kind: 'restored'; matchedKey: string; archiveBytes?: number }
  | { kind: 'miss' }
  /** The service failed or the archive did not unpack; `reason` is short and single-line. */
  | { kind: 'fault'; reason: string }
  /** Still running at cache-restore-timeout: abandoned. */
  | { kind: 'timeout'; timeoutMs: number; lastError?: string }

export interface RestorePlan {
  hit: CacheReport['hit']
  /** For the post step: the service already holds this run's key (an exact hit, or found by the lookup). */
  matchedKey?: string
  /**
   * Remove what the failed restore wrote: the module cache (empty before, or it would not have
   * been restored into) and the build-cache names that were not there before. Never anything older.
   */
  cleanUp: boolean
  /**
   * Backdate the build-cache entries the restore brought, so that a use during the run shows,
   * and let the post step prune those of them the run did not use.
   */
  markRestored: boolean
  warning?: string
  notes: string[]
}

export function planRestore(primaryKey: string, outcome: RestoreOutcome): RestorePlan {
  switch (outcome.kind) {
    case 'not-restored':
      return {
        hit: 'false',
        matchedKey: isExactKeyMatch(primaryKey, outcome.foundKey) ? outcome.foundKey : undefined,
        cleanUp: false,
        markRestored: false,
        notes: [
          `The module cache (${outcome.moduleCache}) already had content before go-gate's restore: actions/setup-go's cache ` +
            '(cache: true), an earlier go command, or a persistent runner. go-gate did not restore over it, because two ' +
            'caches restoring the same read-only module files collide; set cache: false on actions/setup-go to let go-gate cache.'
        ]
      }
    case 'restored': {
      const exact = isExactKeyMatch(primaryKey, outcome.matchedKey)
      return {
        hit: exact ? 'true' : 'partial',
        matchedKey: outcome.matchedKey,
        cleanUp: false,
        markRestored: true,
        notes: exact
          ? []
          : [
              `Restored from the fallback key ${outcome.matchedKey}: go.sum changed since that cache was saved.`
            ]
      }
    }
    case 'miss':
      return {
        hit: 'false',
        cleanUp: false,
        markRestored: false,
        notes: [
          `No cache for ${primaryKey} or its fallback yet; the run starts cold and the post step saves one.`
        ]
      }
    case 'fault':
      return {
        hit: 'false',
        cleanUp: true,
        markRestored: false,
        warning: `The cache could not be restored (${outcome.reason}); the run goes on cold.`,
        notes: ['The cache service failed; the run went on without the saved cache.']
      }
    case 'timeout': {
      const last = outcome.lastError ? `; the cache service's last error: ${outcome.lastError}` : ''
      return {
        hit: 'false',
        // An abandoned call may still be writing: cleaning now could race it.
        cleanUp: false,
        markRestored: false,
        warning:
          `The cache restore did not finish within cache-restore-timeout (${formatDuration(outcome.timeoutMs)})${last}; ` +
          'go-gate abandoned it and the run goes on cold.',
        notes: [`The restore was abandoned after ${formatDuration(outcome.timeoutMs)}; the run went on cold.`]
      }
    }
  }
}

/** The note for a cleaned-up restore: how much the failed restore had written, and that nothing older was touched. */
export function describeCleanUp(removed: number, keptBefore: number): string {
  if (removed === 0) return 'The failed restore wrote nothing into the caches.'
  const kept =
    keptBefore > 0 ? `; the ${keptBefore} build-cache files and folders there before it were kept` : ''
  return `The ${removed} files and folders the failed restore had written were removed${kept}.`
}
