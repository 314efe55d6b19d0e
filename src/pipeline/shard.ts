// A sharded test stage's packages: the stage's patterns listed with `go list` (with its tags),
// each package's test functions counted from its _test.go files, and the core's split applied.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { StageResult } from '../model/report.js'
import type { ShardAssignment } from '../model/shard.js'
import { planShards, type ShardPackage, shardAssignment } from '../shard/assign.js'
import { countTestFunctions } from '../shard/count.js'
import { shardLabel } from '../shard/spec.js'
import { stageTimings } from '../shard/timings.js'
import { emptyStageResult, type StageContext } from './context.js'
import { listTestFiles } from './go.js'

/** A shard's import paths in the shown command: as they are when few, counted when many. */
export function shownShardPackages(
  packages: readonly string[],
  assignment: ShardAssignment
): string | undefined {
  return packages.length > 8
    ? `<the ${packages.length} packages of shard ${shardLabel(assignment.shard)}>`
    : undefined
}

export type ShardedPackages =
  /** Run these import paths. */
  | { packages: string[]; assignment: ShardAssignment }
  /** This shard got nothing: the stage is skipped and passes. */
  | { skipped: StageResult; assignment: ShardAssignment }
  /** The packages could not be listed: run the patterns as they are, so go test shows why. */
  | { unsharded: string }

async function testFunctionsIn(dir: string, files: readonly string[]): Promise<number> {
  let n = 0
  for (const file of files) {
    // A file that cannot be read weighs nothing; go test will say what is wrong with it.
    n += countTestFunctions(await readFile(path.join(dir, file), 'utf8').catch(() => ''))
  }
  return n
}

/** This shard's packages for a test stage, or why it has none. */
export async function shardPackages(
  ctx: StageContext,
  stage: 'unit' | 'integration',
  patterns: readonly string[],
  options: { listFlags?: readonly string[]; env: NodeJS.ProcessEnv }
): Promise<ShardedPackages | undefined> {
  const spec = ctx.options.shard
  if (!spec) return undefined
  const listed = await listTestFiles(ctx.options.moduleDir, patterns, {
    env: options.env,
    flags: options.listFlags,
    signal: ctx.signal
  })
  if (listed.exitCode !== 0 && listed.packages.length === 0) {
    const why = listed.stderr.trim().split('\n').slice(0, 3).join(' ') || `exit status ${listed.exitCode}`
    return {
      unsharded: `Shard ${shardLabel(spec)} could not list the packages to split (go list: ${why}), so it ran the ${stage} stage on every package.`
    }
  }
  const packages: ShardPackage[] = []
  for (const p of listed.packages) {
    packages.push({
      importPath: p.importPath,
      testFunctions: await testFunctionsIn(p.dir, p.testFiles),
      hasTestFiles: p.testFiles.length > 0
    })
  }
  const plan = planShards(packages, spec.count, stageTimings(ctx.timings, stage))
  const assignment = shardAssignment(plan, spec, ctx.timingsKey)
  ctx.reporter.info(`go-gate: ${assignment.reason}`)
  if (assignment.packages.length > 0) return { packages: assignment.packages, assignment }
  return {
    assignment,
    skipped: {
      ...emptyStageResult(stage),
      status: 'skipped',
      skipReason: `shard ${shardLabel(spec)} got no packages`,
      // The reason is the shard section's to tell, once.
      shard: assignment
    }
  }
}
