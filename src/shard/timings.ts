// The timings record: how long each package's tests took, measured on the default branch and
// saved to the cache, so later sharded runs split the packages by time. Built from a RunReport,
// merged across shards, keyed per module and commit, and read back with its schema checked.
import { createHash } from 'node:crypto'
import type { RunEvent } from '../event/run-event.js'
import type { RunReport, StageResult } from '../model/report.js'
import type { ShardSpec, TimingsRecord } from '../model/shard.js'

/** The record's name for the cache service (a file name) and the key's start. */
export const TIMINGS_RECORD_NAME = 'timings'
const KEY_START = 'go-gate-timings-v1-'

/** What decides which packages a record is about: the module and the package patterns. */
export interface TimingsScope {
  workingDirectory: string
  packages: readonly string[]
  integrationPackages: readonly string[]
  integrationTags: string
}

/** `go-gate-timings-v1-<hash>-`: every record of this module and these patterns starts so. */
export function timingsKeyPrefix(scope: TimingsScope): string {
  const hash = createHash('sha256')
    .update(
      JSON.stringify([
        scope.workingDirectory,
        scope.packages,
        scope.integrationPackages,
        scope.integrationTags
      ])
    )
    .digest('hex')
    .slice(0, 16)
  return `${KEY_START}${hash}-`
}

/**
 * A key unique to this commit (cache keys cannot be overwritten); a shard adds its part, so the
 * shards of one run and their merge each save their own record.
 */
export function timingsKey(prefix: string, sha: string, shard?: ShardSpec): string {
  const commit = sha.trim() === '' ? 'unknown' : sha.trim()
  return `${prefix}${commit}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`
}

/**
 * The keys a run restores timings by: the record of the commit it builds on first, then the newest.
 * Every shard of a run starts from the same base commit, so they restore the same record even when
 * a newer one is saved while they start; only without one do they take the newest.
 */
export function timingsRestoreKeys(prefix: string, baseSha?: string): string[] {
  return baseSha && /^[0-9a-f]{7,64}$/i.test(baseSha) && !/^0+$/.test(baseSha)
    ? [`${prefix}${baseSha}`, prefix]
    : [prefix]
}

/** Timings are saved from pushes to the default branch only: the numbers later runs split by. */
export function savesTimings(event: RunEvent): boolean {
  return event.push?.toDefaultBranch === true
}

function isSecondsMap(value: unknown): value is Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  return Object.values(value).every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0)
}

/** Reads a saved record; undefined with the reason when it is not one this version knows. */
export function parseTimingsRecord(
  text: string
): { record: TimingsRecord; problem?: undefined } | { record?: undefined; problem: string } {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { problem: 'the saved timings record is not JSON' }
  }
  const v = value as Partial<TimingsRecord> | null
  if (typeof v !== 'object' || v === null) return { problem: 'the saved timings record is not an object' }
  if (v.schema !== 1)
    return {
      problem: `the saved timings record has schema ${JSON.stringify(v.schema)}; this go-gate reads 1`
    }
  if (!isSecondsMap(v.packages) || (v.integration !== undefined && !isSecondsMap(v.integration)))
    return { problem: 'the saved timings record does not map import paths to seconds' }
  const record: TimingsRecord = { schema: 1, packages: { ...v.packages } }
  if (v.integration !== undefined) record.integration = { ...v.integration }
  return { record }
}

/** The seconds a stage's record part holds: unit's are `packages`, integration's `integration`. */
export function stageTimings(
  record: TimingsRecord | undefined,
  stage: 'unit' | 'integration'
): Record<string, number> | undefined {
  if (!record) return undefined
  return stage === 'unit' ? record.packages : record.integration
}

/**
 * Seconds measured in one stage: packages that passed (or have no tests) with an elapsed time.
 * A `(cached)` result took ~0 s because nothing ran, and a failed or stopped package ended early;
 * neither says how long the tests take, so they keep the earlier number.
 */
function measuredSeconds(stage: StageResult | undefined): {
  measured: Record<string, number>
  seen: Set<string>
} {
  const measured: Record<string, number> = {}
  const seen = new Set<string>()
  for (const p of stage?.packages ?? []) {
    seen.add(p.importPath)
    if (p.cached || p.elapsedSeconds === undefined || !Number.isFinite(p.elapsedSeconds)) continue
    if (p.status !== 'passed' && p.status !== 'no-tests') continue
    measured[p.importPath] = Math.max(0, p.elapsedSeconds)
  }
  // Packages that never started (fail-fast, a timeout) still exist: they keep their number.
  for (const importPath of [...(stage?.notRun ?? []), ...(stage?.shard?.packages ?? [])]) seen.add(importPath)
  return { measured, seen }
}

function stagePart(
  report: RunReport,
  stageName: 'unit' | 'integration',
  previous: Record<string, number> | undefined
): Record<string, number> | undefined {
  const stage = report.stages.find((s) => s.stage === stageName && s.status !== 'skipped')
  if (!stage && !previous) return undefined
  const { measured, seen } = measuredSeconds(stage)
  const part: Record<string, number> = {}
  // A shard saw only its own packages: the others keep their numbers. A whole run saw every
  // package, so a package it did not list is gone and leaves the record.
  const sharded = stage?.shard !== undefined || (!stage && report.shard !== undefined)
  for (const [importPath, s] of Object.entries(previous ?? {})) {
    if (sharded || !stage || seen.has(importPath)) part[importPath] = s
  }
  Object.assign(part, measured)
  return part
}

/**
 * The timings a run measured, on top of the previous record: fresh numbers for the packages
 * that ran, the previous ones for cached, failed or stopped packages, and for the packages of
 * other shards. The merge of a sharded run passes its merged report the same way.
 */
export function timingsFromReport(report: RunReport, previous?: TimingsRecord): TimingsRecord {
  const record: TimingsRecord = {
    schema: 1,
    packages: stagePart(report, 'unit', previous?.packages) ?? {}
  }
  const integration = stagePart(report, 'integration', previous?.integration)
  if (integration && Object.keys(integration).length > 0) record.integration = integration
  return record
}

/** Several records as one (the shards of a run): a package a later record has takes its number. */
export function mergeTimings(records: readonly TimingsRecord[]): TimingsRecord {
  const merged: TimingsRecord = { schema: 1, packages: {} }
  for (const r of records) {
    Object.assign(merged.packages, r.packages)
    if (r.integration) merged.integration = { ...merged.integration, ...r.integration }
  }
  return merged
}

/** The record as saved: import paths sorted, so equal records are equal text. */
export function serializeTimings(record: TimingsRecord): string {
  const sorted = (m: Record<string, number>) =>
    Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const out: TimingsRecord = { schema: 1, packages: sorted(record.packages) }
  if (record.integration) out.integration = sorted(record.integration)
  return `${JSON.stringify(out)}\n`
}

/** How many packages a record times, for the log. */
export function timedPackageCount(record: TimingsRecord): number {
  return new Set([...Object.keys(record.packages), ...Object.keys(record.integration ?? {})]).size
}
