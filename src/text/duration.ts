// src/text/ owns the small helpers any layer may use, each written once: how a length of time
// is written (duration.ts), and the others shared across folders, such as splitting output into
// lines, keeping a tail and making a path repository-relative.
//
// How go-gate writes a length of time, in every reporter and log line.

/** A measured duration: `850ms`, `4.2s`, `3m07s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const minutes = Math.floor(ms / 60_000)
  const seconds = Math.round((ms % 60_000) / 1000)
  return `${minutes}m${seconds.toString().padStart(2, '0')}s`
}

/** A configured limit in the unit the user most likely wrote it in: `90s`, `10m`, `1h`. */
export function formatLimit(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`
  if (ms % 60_000 === 0) return `${ms / 60_000}m`
  if (ms % 1000 === 0) return `${ms / 1000}s`
  return `${ms}ms`
}
