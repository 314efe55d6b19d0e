// Small records kept in the cache service beside the Go caches: the coverage baseline of the
// default branch, the package timings sharding balances on. One record is one JSON text under one
// key; a save is keyed per commit (cache keys are immutable) and a restore takes the newest by
// prefix. Nothing here throws: an absent or failing cache service gives a note and no record.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import * as cache from '@actions/cache'
import { summarizeFaults } from '../cache/describe.js'
import { cacheServiceOf } from '../cache/service.js'
import { errorMessage } from '../errors.js'
import type { Reporter } from '../pipeline/context.js'
import { callCache, probeCacheService } from './cache-call.js'

export interface RecordSaved {
  saved: boolean
  /** Why it was not saved, for the summary. */
  note?: string
}

export interface RecordRestored {
  content?: string
  matchedKey?: string
  /** Why there is no record, as a sentence for the summary. */
  note?: string
  /** Why the cache could not be asked or did not answer; unset when the record simply is not there. */
  why?: string
}

/** A record is small: a call still running after this is given up on. */
const RECORD_TIMEOUT_MS = 60_000

/**
 * The path a record is cached under. The cache service versions an entry by the path as written,
 * so it is the same string on every runner (`~` is the runner's home, expanded by the client).
 */
function recordPath(name: string): { written: string; cached: string } {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`record name ${JSON.stringify(name)} is not a word`)
  const relative = `.cache/go-gate/records/${name}.json`
  return { written: path.join(os.homedir(), relative), cached: `~/${relative}` }
}

/** Undefined when the cache service can be called, else why not. */
async function unavailable(): Promise<string | undefined> {
  const service = cacheServiceOf(process.env)
  if (!service.available) return `no cache service is available (${service.reason})`
  if (!cache.isFeatureAvailable()) return 'the cache client finds no cache service'
  return probeCacheService(service.url, 10_000)
}

/** Saves `content` under `key` (a key the service already holds is refused: make keys unique per commit). */
export async function saveRecord(
  name: string,
  key: string,
  content: string,
  reporter: Reporter
): Promise<RecordSaved> {
  try {
    const why = await unavailable()
    if (why) return { saved: false, note: `The ${name} record was not saved: ${why}.` }
    const { written, cached } = recordPath(name)
    await mkdir(path.dirname(written), { recursive: true })
    await writeFile(written, content)
    try {
      const call = await callCache(() => cache.saveCache([cached], key), RECORD_TIMEOUT_MS, reporter)
      if (call.timedOut)
        return {
          saved: false,
          note: `The ${name} record was not saved: the cache service did not answer in time.`
        }
      if (call.value !== undefined && call.value !== -1) return { saved: true }
      const reason =
        call.reserveError ?? (call.faults.length > 0 ? summarizeFaults(call.faults) : call.refusals[0])
      return { saved: false, note: `The ${name} record was not saved${reason ? `: ${reason}` : ''}.` }
    } finally {
      await rm(written, { force: true })
    }
  } catch (error) {
    return { saved: false, note: `The ${name} record was not saved: ${errorMessage(error)}.` }
  }
}

/** Restores the record under `keys[0]`, else the newest whose key starts with one of `keys` (in that order). */
export async function restoreRecord(
  name: string,
  keys: string[],
  reporter: Reporter
): Promise<RecordRestored> {
  const failed = (why: string, lead = `No ${name} record`): RecordRestored => ({
    note: `${lead}: ${why}.`,
    why
  })
  try {
    const why = await unavailable()
    if (why) return failed(why, `No ${name} record could be looked up`)
    const { written, cached } = recordPath(name)
    await rm(written, { force: true })
    // Every key is also a prefix, the first one included: `go-gate-timings-v1-<scope>-` finds the newest.
    const call = await callCache(
      () => cache.restoreCache([cached], keys[0], keys),
      RECORD_TIMEOUT_MS,
      reporter
    )
    if (call.timedOut) return failed('the cache service did not answer in time')
    if (!call.value) {
      return call.faults.length > 0
        ? failed(`the cache service failed (${summarizeFaults(call.faults)})`)
        : { note: `No ${name} record was found in the cache.` }
    }
    try {
      return { content: await readFile(written, 'utf8'), matchedKey: call.value }
    } finally {
      await rm(written, { force: true })
    }
  } catch (error) {
    return failed(errorMessage(error))
  }
}
