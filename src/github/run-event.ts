// The run's event, read once by each step: the payload at GITHUB_EVENT_PATH handed with the
// environment to the core's parseRunEvent. And from it whether the timings record is restored and
// saved; kept apart from ./timings.ts, which loads the cache client: a run that needs no record
// never loads it.
import { readFile } from 'node:fs/promises'
import { errorMessage } from '../errors.js'
import { parseRunEvent, type RunEvent, unreadSentence } from '../event/run-event.js'
import type { Options } from '../options.js'
import { savesTimings } from '../shard/timings.js'

/**
 * The run's event. Never throws: without GITHUB_EVENT_PATH (the CLI, a hand-run step) the
 * environment alone says what it can; a payload that cannot be read or is not JSON gives a
 * sentence in `unread` for the log.
 */
export async function readRunEvent(env: NodeJS.ProcessEnv = process.env): Promise<RunEvent> {
  if (!env.GITHUB_EVENT_PATH) return parseRunEvent(undefined, env)
  let text: string
  try {
    text = await readFile(env.GITHUB_EVENT_PATH, 'utf8')
  } catch (error) {
    // The code (ENOENT, EISDIR, EACCES) says it; the message would repeat the path.
    const why = (error as NodeJS.ErrnoException).code ?? errorMessage(error)
    return { ...parseRunEvent(undefined, env), unread: unreadSentence(env, `cannot be read (${why})`) }
  }
  return parseRunEvent(text, env)
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
