// The timings the shards measured, merged into one record for the next sharded run to split by.
// A stand-in: the shard assignment (src/shard/ on its branch) owns the TimingsRecord, how it is
// built from a report, merged and saved; once it is on main, mergeShardTimings calls its merge.
import type { RunReport } from '../model/report.js'
import type { TimingsRecord } from '../model/shard.js'

/** One record of every package the shards' unit stages ran: go test's elapsed seconds for each. */
export function mergeShardTimings(reports: readonly RunReport[]): TimingsRecord {
  const packages: Record<string, number> = {}
  for (const report of reports) {
    for (const pkg of report.stages.find((s) => s.stage === 'unit')?.packages ?? []) {
      if (pkg.elapsedSeconds === undefined || pkg.status === 'not-run') continue
      packages[pkg.importPath] = (packages[pkg.importPath] ?? 0) + pkg.elapsedSeconds
    }
  }
  return { schema: 1, packages }
}
