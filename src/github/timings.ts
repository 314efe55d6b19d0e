// The timings record in the cache service: restored before a sharded run (the base commit's, else
// the newest by prefix), so the split follows measured test times, and saved after a run on a push
// to the default branch, keyed by commit (and shard 1/1). The merge of a sharded run saves the merged
// record the same way.
import { baseCommitOf, type RunEvent } from '../event/run-event.js'
import type { RunReport } from '../model/report.js'
import type { ShardSpec, TimingsRecord } from '../model/shard.js'
import type { Options } from '../options.js'
import type { Reporter } from '../pipeline/context.js'
import {
  parseTimingsRecord,
  savesTimings,
  serializeTimings,
  TIMINGS_RECORD_NAME,
  timedPackageCount,
  timingsFromReport,
  timingsKey,
  timingsKeyPrefix,
  timingsRestoreKeys
} from '../shard/timings.js'
import { type RecordSaved, restoreRecord, saveRecord } from './records.js'

function prefixOf(options: Options): string {
  return timingsKeyPrefix({
    workingDirectory: options.workingDirectory,
    packages: options.packages,
    integrationPackages: options.integration.packages,
    integrationTags: options.integration.tags
  })
}

export interface RestoredTimings {
  record?: TimingsRecord
  matchedKey?: string
  /** Why there is none, when there is none. */
  note?: string
}

/**
 * The timings record of this module and these package patterns that the run's base commit saved,
 * else the newest; never throws.
 */
export async function restoreTimings(
  options: Options,
  reporter: Reporter,
  event: RunEvent
): Promise<RestoredTimings> {
  const keys = timingsRestoreKeys(prefixOf(options), baseCommitOf(event))
  const restored = await restoreRecord(TIMINGS_RECORD_NAME, keys, reporter)
  if (restored.content === undefined) {
    reporter.info(`go-gate: ${restored.note ?? 'No timings record was found in the cache.'}`)
    return { note: restored.note }
  }
  const parsed = parseTimingsRecord(restored.content)
  if (!parsed.record) {
    const note = `The timings record ${restored.matchedKey ?? ''} was not used: ${parsed.problem}.`
    reporter.warning(note)
    return { note }
  }
  reporter.info(
    `go-gate: restored the timings of ${timedPackageCount(parsed.record)} packages (key ${restored.matchedKey}).`
  )
  return { record: parsed.record, matchedKey: restored.matchedKey }
}

/**
 * Saves what the run measured (on top of `previous`, the record restored before it) when the run
 * is a push to the default branch; `shard: 1/1` saves under its own key (one shard of several saves
 * nothing: timingsPlan in run-event.ts). Never throws.
 */
export async function saveTimings(
  report: RunReport,
  options: Options,
  previous: TimingsRecord | undefined,
  reporter: Reporter,
  event: RunEvent
): Promise<RecordSaved & { key?: string }> {
  return saveTimingsRecord(
    timingsFromReport(report, previous),
    options,
    previous,
    reporter,
    event,
    report.shard?.shard ?? options.shard
  )
}

/**
 * Saves a timings record (a run's, or the merge's of all shards) when the run is a push to the
 * default branch and the record says something `previous` did not. Never throws.
 */
export async function saveTimingsRecord(
  record: TimingsRecord,
  options: Options,
  previous: TimingsRecord | undefined,
  reporter: Reporter,
  event: RunEvent,
  shard?: ShardSpec
): Promise<RecordSaved & { key?: string }> {
  if (!savesTimings(event))
    return { saved: false, note: 'Timings are saved from pushes to the default branch only.' }
  const count = timedPackageCount(record)
  const skipped = (note: string) => {
    reporter.info(`go-gate: ${note}`)
    return { saved: false, note }
  }
  if (count === 0) return skipped('No package was timed, so no timings record was saved.')
  // Nothing measured afresh (the tests were skipped, cached or failed): the record there is as good.
  if (previous && serializeTimings(record) === serializeTimings(previous))
    return skipped('No package was timed afresh, so the timings record was not saved again.')
  const key = timingsKey(prefixOf(options), event.sha ?? '', shard)
  const saved = await saveRecord(TIMINGS_RECORD_NAME, key, serializeTimings(record), reporter)
  reporter.info(
    saved.saved
      ? `go-gate: saved the timings of ${count} packages for later sharded runs (key ${key}).`
      : `go-gate: ${saved.note ?? 'the timings record was not saved.'}`
  )
  return { ...saved, key }
}
