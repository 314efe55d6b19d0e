// src/event/ owns what go-gate takes from the workflow run's event: one typed RunEvent parsed from
// GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_REF_NAME, GITHUB_SHA and the payload's text (read by
// src/github/run-event.ts). Pure: the coverage base, the timings record and the pull-request
// comment each decide on this one model.

/** What go-gate needs from the run's event. Every field is missing when nothing says it. */
export interface RunEvent {
  /** GITHUB_EVENT_NAME; missing outside GitHub Actions (the CLI, a hand-run `node dist/main`). */
  name?: string
  /** The commit the run tests: GITHUB_SHA, else the payload's `after`. */
  sha?: string
  /** `repository.default_branch` of the payload. */
  defaultBranch?: string
  /** A `push` event. */
  push?: PushEvent
  /**
   * The pull request the payload is about: `pull_request` (every pull_request* event carries one),
   * or `issue` on an issue_comment made on a pull request.
   */
  pullRequest?: PullRequestEvent
  /** A `merge_group` event's group. */
  mergeGroup?: MergeGroupEvent
  /** Why the payload at GITHUB_EVENT_PATH gave nothing: a sentence for the log. */
  unread?: string
}

export interface PushEvent {
  /** GITHUB_REF_NAME. */
  branch: string
  /**
   * A branch (not a tag named like it: GITHUB_REF is `refs/heads/<branch>` when it is given) named
   * as the repository's default branch.
   */
  toDefaultBranch: boolean
  /** The commit the branch pointed at before the push (all zeros for a new branch). */
  before?: string
}

export interface PullRequestEvent {
  number?: number
  /** The branch it merges into, and that branch's commit. */
  baseRef?: string
  baseSha?: string
  headSha?: string
  /** The head is in another repository (or gone): a `pull_request` run's token cannot write there. */
  fork: boolean
}

export interface MergeGroupEvent {
  /** The branch the group merges into (without `refs/heads/`), its commit, and the group's head. */
  baseRef?: string
  baseSha?: string
  headSha?: string
}

/** The variables the event is read from; GITHUB_EVENT_PATH only names the payload in sentences. */
export type RunEventEnv = Partial<
  Record<'GITHUB_EVENT_NAME' | 'GITHUB_EVENT_PATH' | 'GITHUB_REF' | 'GITHUB_REF_NAME' | 'GITHUB_SHA', string>
>

type Json = Record<string, unknown>

function objectAt(value: unknown, key: string): Json | undefined {
  const inner = isObject(value) ? value[key] : undefined
  return isObject(inner) ? inner : undefined
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function stringAt(value: unknown, key: string): string | undefined {
  const inner = isObject(value) ? value[key] : undefined
  return typeof inner === 'string' ? inner : undefined
}

/**
 * The run's event from the environment and the payload's text (undefined: there is none). A
 * payload that is not a JSON object gives only what the environment says, and `unread` says why:
 * nothing is half taken from it.
 */
export function parseRunEvent(payloadText: string | undefined, env: RunEventEnv): RunEvent {
  let payload: Json = {}
  let unread: string | undefined
  if (payloadText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(payloadText)
      if (isObject(parsed)) payload = parsed
      else unread = 'holds no JSON object'
    } catch {
      unread = 'is not JSON'
    }
  }
  const name = env.GITHUB_EVENT_NAME
  const defaultBranch = stringAt(objectAt(payload, 'repository'), 'default_branch')
  return withoutUndefined<RunEvent>({
    name,
    sha: env.GITHUB_SHA ?? stringAt(payload, 'after'),
    defaultBranch,
    push: name === 'push' ? pushOf(payload, env, defaultBranch) : undefined,
    pullRequest: pullRequestOf(payload),
    mergeGroup: mergeGroupOf(payload),
    unread: unread && unreadSentence(env, unread)
  })
}

/** Says that the payload gave nothing and what the run is taken for then. */
export function unreadSentence(env: RunEventEnv, why: string): string {
  return `The event payload at ${env.GITHUB_EVENT_PATH ?? 'GITHUB_EVENT_PATH'} ${why}, so this run is taken as neither a push to the default branch nor a pull request.`
}

function pushOf(payload: Json, env: RunEventEnv, defaultBranch: string | undefined): PushEvent {
  const branch = env.GITHUB_REF_NAME ?? ''
  // A tag push has a ref name too: only a branch named as the default one counts.
  const toDefaultBranch =
    defaultBranch !== undefined &&
    defaultBranch !== '' &&
    branch === defaultBranch &&
    (env.GITHUB_REF === undefined || env.GITHUB_REF === `refs/heads/${branch}`)
  const before = stringAt(payload, 'before')
  return before === undefined ? { branch, toDefaultBranch } : { branch, toDefaultBranch, before }
}

function pullRequestOf(payload: Json): PullRequestEvent | undefined {
  const pr = objectAt(payload, 'pull_request')
  const issue = objectAt(payload, 'issue')
  // issue_comment on a pull request: the issue is the pull request.
  if (typeof pr?.number !== 'number' && issue?.pull_request && typeof issue.number === 'number')
    return { number: issue.number, fork: false }
  if (!pr) return undefined
  const head = objectAt(pr, 'head')
  const base = objectAt(pr, 'base')
  const headRepo = stringAt(objectAt(head, 'repo'), 'full_name')
  const baseRepo = stringAt(objectAt(base, 'repo'), 'full_name')
  return withoutUndefined({
    number: typeof pr.number === 'number' ? pr.number : undefined,
    baseRef: stringAt(base, 'ref'),
    baseSha: stringAt(base, 'sha'),
    headSha: stringAt(head, 'sha'),
    // A deleted head repository is null: nobody's token can write to it.
    fork: head?.repo === null || (headRepo !== undefined && baseRepo !== undefined && headRepo !== baseRepo)
  })
}

function mergeGroupOf(payload: Json): MergeGroupEvent | undefined {
  const group = objectAt(payload, 'merge_group')
  if (!group) return undefined
  return withoutUndefined({
    baseRef: stringAt(group, 'base_ref')?.replace(/^refs\/heads\//, ''),
    baseSha: stringAt(group, 'base_sha'),
    headSha: stringAt(group, 'head_sha')
  })
}

function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key]
  return value
}

/**
 * The commit this run builds on: a pull request's base, a merge group's base, or the commit a
 * push's branch pointed at before (all zeros for a new branch).
 */
export function baseCommitOf(event: RunEvent): string | undefined {
  return event.pullRequest?.baseSha ?? event.mergeGroup?.baseSha ?? event.push?.before
}
