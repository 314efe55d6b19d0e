// What a save call's log and result mean: saved, skipped (not an error) or a fault,
// with the reason in go-gate's words. @actions/cache blames "another job" for every
// refused reservation; only a key that is already taken (409) means that.
import { formatDuration } from '../text/duration.js'
import { summarizeFaults } from './describe.js'

/** What the save call left behind (see callCache in src/github/cache-call.ts). */
export interface SaveCallFacts {
  timedOut: boolean
  /** Warnings and errors it logged, and what it threw. */
  faults: readonly string[]
  /** Its "Failed to save: ..." info lines (a refused reservation). */
  refusals: readonly string[]
  /** v2: why the reservation failed, from its debug line. */
  reserveError?: string
  lastRetryError?: string
  /** The cache id; undefined or -1 when nothing was saved. */
  value?: number
}

export type SaveVerdict =
  | { saved: true }
  | { saved: false; fault: string }
  | { saved: false; skipped: string }

/** How the cache service refuses a key that another job has already saved (or is saving). */
const KEY_TAKEN = /\b409\b|already exists?|Conflict/i

export function judgeSave(key: string, call: SaveCallFacts, limitMs: number): SaveVerdict {
  if (call.timedOut) {
    const last = call.lastRetryError ? `; the cache service's last error: ${call.lastRetryError}` : ''
    return { saved: false, fault: `the save did not finish within ${formatDuration(limitMs)}${last}` }
  }
  if (call.faults.length > 0) return { saved: false, fault: summarizeFaults(call.faults) }
  if (call.refusals.length > 0) {
    // v2 logs the reason at debug level; v1 puts it after "More details:".
    const reason =
      call.reserveError ??
      call.refusals.map((r) => /More details: (.*)$/s.exec(r)?.[1]).find((d) => d !== undefined)
    if (reason !== undefined && KEY_TAKEN.test(reason))
      return {
        saved: false,
        skipped: `the cache service already holds ${key} (another job or an earlier run saved it; a key is never overwritten)`
      }
    return {
      saved: false,
      fault: `the cache service refused to reserve ${key}: ${summarizeFaults([reason ?? 'no reason given'])}`
    }
  }
  if (call.value === undefined || call.value === -1)
    return { saved: false, skipped: 'the cache service did not take it' }
  return { saved: true }
}
