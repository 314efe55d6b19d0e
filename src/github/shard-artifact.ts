// A shard's result as a workflow artifact (@actions/artifact, the artifact service v4), and the
// merge job's side: every shard's artifact listed and downloaded. Names are unique per workflow
// run (a re-run attempt cannot upload a name again), every leg of a matrix has the same
// GITHUB_JOB, and several matrices may shard several modules in one run: a name carries the
// shard, the job, the working directory and the run attempt, and the merge takes each shard's
// newest attempt.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { DefaultArtifactClient } from '@actions/artifact'
import { errorMessage } from '../errors.js'
import type { ShardSpec } from '../model/shard.js'
import type { Reporter } from '../pipeline/context.js'
import type { ShardFolder } from '../pipeline/merge.js'
import { RESULT_FILES } from '../pipeline/results.js'

const NAME_START = 'go-gate-shard-'
/** go-gate-shard-<i>-of-<n>-<job>-<working directory's hash>-a<run attempt>. */
const NAME = /^go-gate-shard-(\d+)-of-(\d+)-(.+)-([0-9a-f]{8})-a(\d+)$/

/** Eight hex digits naming the working directory: a name stays short and free of `/`. */
export function workingDirectoryId(workingDirectory: string): string {
  return createHash('sha256').update(workingDirectory).digest('hex').slice(0, 8)
}

/** A shard's artifact name without its run attempt: what every attempt of that shard shares. */
export function shardArtifactStem(shard: ShardSpec, job: string, workingDirectory: string): string {
  // Artifact names refuse " : < > | * ? \ / and line breaks; job ids are letters, digits, - and _.
  const safeJob = job.replace(/[^A-Za-z0-9_.-]/g, '_') || 'job'
  return `${NAME_START}${shard.index}-of-${shard.count}-${safeJob}-${workingDirectoryId(workingDirectory)}`
}

export function shardArtifactName(
  shard: ShardSpec,
  job: string,
  workingDirectory: string,
  attempt: number | string = 1
): string {
  const n = Number(attempt)
  return `${shardArtifactStem(shard, job, workingDirectory)}-a${Number.isInteger(n) && n > 0 ? n : 1}`
}

interface ShardArtifactName {
  index: number
  count: number
  job: string
  workingDirectoryId: string
  attempt: number
}

function parseShardArtifactName(name: string): ShardArtifactName | undefined {
  const m = NAME.exec(name)
  if (!m) return undefined
  return {
    index: Number(m[1]),
    count: Number(m[2]),
    job: m[3],
    workingDirectoryId: m[4],
    attempt: Number(m[5])
  }
}

/** Uploads a shard's result files; a failure is one warning (the merge will name the missing shard). */
export async function uploadShardResult(
  name: string,
  files: string[],
  rootDirectory: string,
  reporter: Reporter
): Promise<boolean> {
  try {
    await new DefaultArtifactClient().uploadArtifact(name, files, rootDirectory, { retentionDays: 1 })
    reporter.info(`go-gate: uploaded this shard's result as the artifact ${name}.`)
    return true
  } catch (error) {
    reporter.warning(
      `go-gate could not upload this shard's result as the artifact ${name}: ${errorMessage(error)}. The merge job will report this shard as missing.`
    )
    return false
  }
}

export interface DownloadedShards {
  folders: ShardFolder[]
  /** The job whose shards these are, when any were found. */
  job?: string
  /**
   * Shards whose artifact was listed but is no result: index → what went wrong, worded to follow
   * "The artifact <name>" ("could not be downloaded (…)", "holds no report.json (…)").
   */
  failed: Map<number, string>
  /** The artifacts of other jobs sharding the same working directory, when more than one job did. */
  otherJobs: string[]
}

/**
 * Lists this workflow run's shard artifacts of `workingDirectory` and downloads each into
 * `into/<artifact name>`. Throws when the artifact service cannot be listed at all.
 */
export async function downloadShardResults(
  workingDirectory: string,
  into: string,
  reporter: Reporter
): Promise<DownloadedShards> {
  const client = new DefaultArtifactClient()
  const { artifacts } = await client.listArtifacts({ latest: true })
  const wanted = workingDirectoryId(workingDirectory)
  const mine = artifacts.flatMap((artifact) => {
    const name = parseShardArtifactName(artifact.name)
    return name?.workingDirectoryId === wanted ? [{ artifact, name }] : []
  })
  const jobs = [...new Set(mine.map((a) => a.name.job))].sort()
  const job = jobs[0]
  // A shard re-run in a later attempt uploads under a new name: its newest attempt stands.
  const newest = new Map<string, (typeof mine)[number]>()
  for (const a of mine) {
    if (a.name.job !== job) continue
    const key = `${a.name.index}/${a.name.count}`
    const known = newest.get(key)
    if (!known || known.name.attempt < a.name.attempt) newest.set(key, a)
  }
  const folders: ShardFolder[] = []
  const failed = new Map<number, string>()
  for (const { artifact, name } of newest.values()) {
    const dir = path.join(into, artifact.name)
    try {
      await mkdir(dir, { recursive: true })
      await client.downloadArtifact(artifact.id, { path: dir })
    } catch (error) {
      failed.set(name.index, `could not be downloaded (${errorMessage(error)})`)
      reporter.warning(`go-gate could not download the artifact ${artifact.name}: ${errorMessage(error)}`)
      continue
    }
    // An artifact whose upload never finished can be listed empty (nektos/act lists it so): the
    // shard left no result, which the merge names; it is not an error inside go-gate.
    if (!existsSync(path.join(dir, RESULT_FILES.report))) {
      const why = `holds no ${RESULT_FILES.report} (an upload that did not finish, or not go-gate's)`
      failed.set(name.index, why)
      reporter.warning(`go-gate found the artifact ${artifact.name}, but it ${why}.`)
      continue
    }
    folders.push({ source: artifact.name, dir })
  }
  return { folders, job, failed, otherJobs: jobs.slice(1) }
}
