// Where the run came from (the event, the branch, the repository's default branch), and from it
// whether the timings record is restored and saved. Kept apart from ./timings.ts, which loads the
// cache client: a run that needs no record never loads it.
import { readFile } from 'node:fs/promises'
import type { Options } from '../options.js'
import { type RunEvent, savesTimings } from '../shard/timings.js'

/** Where the run came from: GITHUB_EVENT_NAME, GITHUB_REF_NAME and the payload's default branch. */
export async function readRunEvent(env: NodeJS.ProcessEnv = process.env): Promise<RunEvent> {
  let defaultBranch: string | undefined
  let baseSha: string | undefined
  if (env.GITHUB_EVENT_PATH) {
    try {
      const payload = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as {
        repository?: { default_branch?: unknown }
        pull_request?: { base?: { sha?: unknown } }
        merge_group?: { base_sha?: unknown }
        before?: unknown
      }
      const branch = payload.repository?.default_branch
      if (typeof branch === 'string') defaultBranch = branch
      const base = payload.pull_request?.base?.sha ?? payload.merge_group?.base_sha ?? payload.before
      if (typeof base === 'string') baseSha = base
    } catch {
      // No payload to read: not a run whose timings are saved.
    }
  }
  return {
    eventName: env.GITHUB_EVENT_NAME,
    refName: env.GITHUB_REF_NAME,
    ref: env.GITHUB_REF,
    defaultBranch,
    baseSha
  }
}

function testsRun(options: Pick<Options, 'stages'>): boolean {
  return options.stages.includes('unit') || options.stages.includes('integration')
}

/**
 * Whether this run restores timings (to split, or to keep numbers it cannot measure) and saves them.
 * One shard of several saves nothing: a sibling starting later would restore its record and split
 * differently. The merge job saves the record of all shards (merge-step.ts).
 */
export function timingsPlan(
  options: Pick<Options, 'stages' | 'shard'>,
  event: RunEvent
): { restore: boolean; save: boolean; leftToMerge?: true } {
  const oneOfSeveral = (options.shard?.count ?? 1) > 1
  const onDefaultBranch = testsRun(options) && savesTimings(event)
  const save = onDefaultBranch && !oneOfSeveral
  const plan = { restore: testsRun(options) && (options.shard !== undefined || save), save }
  return onDefaultBranch && oneOfSeveral ? { ...plan, leftToMerge: true } : plan
}
