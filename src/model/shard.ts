// One shard of a sharded test run (input `shard: i/n`) and the records sharding lives on:
// the package timings saved to the cache, and which packages a shard ran and why.

/** `shard: 2/4` is { index: 2, count: 4 }; index is 1-based. */
export interface ShardSpec {
  index: number
  count: number
}

/** Measured test time per package, saved to the cache on the default branch and restored by prefix. */
export interface TimingsRecord {
  /** The record's format; a reader refuses a version it does not know. */
  schema: 1
  /** Import path → seconds its tests took in the unit stage (go test's elapsed for the package). */
  packages: Record<string, number>
  /** The same for the integration stage, whose tests (other tags, services) take their own time. */
  integration?: Record<string, number>
}

/** Which packages this shard runs, and on what the split was decided. */
export interface ShardAssignment {
  shard: ShardSpec
  /** How packages were assigned: measured timings, or a stable hash weighted by test functions. */
  basis: 'timings' | 'test-count'
  /** Import paths this shard runs, in `go list` order. */
  packages: string[]
  /** How many packages all shards together run. */
  totalPackages: number
  /** Seconds (timings) or test functions (test-count) this shard was given, and the most any shard was given. */
  load: number
  maxLoad: number
  /** One sentence for the summary: why these packages. */
  reason: string
  /**
   * A hash of the whole split (every shard's packages). The shards of one run agree on it; when
   * they do not (the timings record changed between their restores), some package ran twice or not at all.
   */
  splitId?: string
  /** The cache key of the timings record the split used (basis timings). */
  timingsKey?: string
}
