// Which build-cache entries a run did not use, so a saved cache does not grow
// without bound. The rules follow cmd/go/internal/cache (golangci-lint keeps a
// copy of it with the same layout and the same rules):
//
// - An entry is a pair of files in a two-hex-digit folder: `<action id>-a`, the
//   index entry ("v1 <action id> <output id> <size> <time>"), and `<output id>-d`,
//   the output (a folder for a cached executable).
// - Go marks an entry used by setting its mtime to now, but only when the mtime is at
//   least an hour old (markUsed, mtimeInterval): an entry saved less than an hour ago
//   and used again keeps its old mtime. So after a restore, go-gate moves every mtime
//   newer than that back by two hours (backdateTarget); from then on every use shows.
// - Before saving, an index entry whose mtime is older than the run's start was not used
//   (nor written) by the run and goes; an output goes when no kept index entry points at
//   it (Go reaches outputs only through index entries) and the run did not write it.
// - Only entries go-gate's restore brought are ever candidates: a build cache that was on
//   the machine before (a self-hosted runner, a laptop) holds other work's entries, and an
//   entry written 10-60 minutes before the run and used by it keeps its mtime (see above),
//   so its age says nothing about whether it was used.
// Deleting either half is safe: Go treats a missing or short output as a cache miss.

/** cmd/go/internal/cache mtimeInterval: a use moves the mtime only when it is older than this. */
export const MTIME_INTERVAL_MS = 60 * 60 * 1000
/** How far back restored entries are moved: past mtimeInterval, far from Go's 5-day trim. */
export const BACKDATE_MS = 2 * MTIME_INTERVAL_MS
/** Room for coarse file-system timestamps and clock steps. */
const SLACK_MS = 10 * 60 * 1000

export interface BuildCacheEntry {
  /** Path relative to the cache folder: `ab/ab12…-a`. */
  file: string
  kind: 'action' | 'output'
  /** The hex id in the name (action id or output id). */
  id: string
  mtimeMs: number
  bytes: number
  /** For an action entry: the output it points at, when the index line could be read. */
  outputId?: string
  /** An output stored as a folder (a cached executable). */
  isDir?: boolean
}

/** The mtime to give an entry right after a restore, or undefined when a use will already move it. */
export function backdateTarget(mtimeMs: number, usedSinceMs: number): number | undefined {
  return mtimeMs > usedSinceMs - MTIME_INTERVAL_MS - SLACK_MS ? usedSinceMs - BACKDATE_MS : undefined
}

/** True when the run used or wrote the entry (its mtime moved to the run's time). */
export function usedInRun(entry: BuildCacheEntry, usedSinceMs: number): boolean {
  return entry.mtimeMs >= usedSinceMs - SLACK_MS
}

export interface PrunePlan {
  remove: BuildCacheEntry[]
  removeBytes: number
  keepEntries: number
  keepBytes: number
}

/**
 * The entries to remove: among `restored` (the files go-gate's restore brought, as `file` names
 * them), those the run did not use. Everything else stays.
 */
export function planPrune(
  entries: readonly BuildCacheEntry[],
  usedSinceMs: number,
  restored: ReadonlySet<string>
): PrunePlan {
  const keptOutputs = new Set<string>()
  const remove: BuildCacheEntry[] = []
  for (const entry of entries) {
    if (entry.kind !== 'action') continue
    if (!restored.has(entry.file) || usedInRun(entry, usedSinceMs)) {
      if (entry.outputId) keptOutputs.add(entry.outputId)
    } else {
      remove.push(entry)
    }
  }
  for (const entry of entries) {
    if (
      entry.kind === 'output' &&
      restored.has(entry.file) &&
      !keptOutputs.has(entry.id) &&
      !usedInRun(entry, usedSinceMs)
    )
      remove.push(entry)
  }
  const removeBytes = remove.reduce((sum, e) => sum + e.bytes, 0)
  const totalBytes = entries.reduce((sum, e) => sum + e.bytes, 0)
  return {
    remove,
    removeBytes,
    keepEntries: entries.length - remove.length,
    keepBytes: totalBytes - removeBytes
  }
}

/** Reads the output id from an index entry's text; undefined when it is not a v1 entry. */
export function parseActionEntry(text: string): { actionId: string; outputId: string } | undefined {
  const m = /^v1 ([0-9a-f]{64}) ([0-9a-f]{64}) /.exec(text)
  return m ? { actionId: m[1], outputId: m[2] } : undefined
}
