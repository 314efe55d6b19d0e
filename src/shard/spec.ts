// The `shard` input: `i/n`, this job's shard and how many there are.
import type { ShardSpec } from '../model/shard.js'

/** More shards than this is a typo, not a plan: a matrix has at most 256 jobs. */
const MAX_SHARDS = 256

/** What the `shard` input accepts, for the error that refuses anything else. */
const SHARD_ACCEPTED = `expected i/n with whole numbers 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, such as 2/4 (this job's shard and the number of shards, e.g. \${{ matrix.shard }}/4), or nothing for no sharding.`

export type ParsedShard = { ok: true; spec: ShardSpec | undefined } | { ok: false; accepted: string }

/** Reads `2/4`; '' is no sharding. Spaces around the numbers are allowed, nothing else. */
export function parseShardSpec(value: string): ParsedShard {
  const text = value.trim()
  if (text === '') return { ok: true, spec: undefined }
  const m = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(text)
  if (!m) return { ok: false, accepted: SHARD_ACCEPTED }
  const index = Number(m[1])
  const count = Number(m[2])
  if (count < 1 || count > MAX_SHARDS) {
    return {
      ok: false,
      accepted: `the number of shards must be from 1 to ${MAX_SHARDS}; ${SHARD_ACCEPTED}`
    }
  }
  if (index < 1 || index > count) {
    return {
      ok: false,
      accepted: `the shard must be from 1 to ${count} (shards are numbered from 1); ${SHARD_ACCEPTED}`
    }
  }
  return { ok: true, spec: { index, count } }
}

/** `2/4`, as the summary and the reason sentence write it. */
export function shardLabel(spec: ShardSpec): string {
  return `${spec.index}/${spec.count}`
}
