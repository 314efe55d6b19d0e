// The sticky pull-request comment through GitHub's REST API (Octokit from
// @actions/github, at GITHUB_API_URL): find this job's comment by its hidden
// marker among the pull request's comments (100 a page, every page), update it
// in place, or create it. Whatever goes wrong (a fork's read-only token, an
// outage, a rate limit longer than a few seconds) costs one warning: the gate's
// result and outputs never depend on the comment.
import { errorMessage } from '../errors.js'
import type { RunEvent } from '../event/run-event.js'
import type { RunReport } from '../model/report.js'
import type { PrCommentOptions } from '../options.js'
import type { Reporter } from '../pipeline/context.js'
import { commentMarker, renderPullRequestComment } from '../report/comment.js'
import { formatDuration } from '../text/duration.js'
import { sleepUnlessAborted } from '../text/sleep.js'
import { blobUrl } from './publish.js'
import { RateLimitedError, type RetryPolicy, withRateLimitRetry } from './rate-limit.js'

/** The events whose runs comment by default. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

export type CommentDecision =
  | { post: true; number: number }
  /** `say` is a line for the log, `warn` a warning (the user asked for a comment that cannot be made). */
  | { post: false; say?: string; warn?: string }

/**
 * Whether to comment, from the input, the event and the token. Pure. `auto` comments on
 * `pull_request` and `pull_request_target` (whose token can write even for a fork); `always` on
 * any event whose payload names a pull request (an issue_comment on one, say).
 */
export function decideComment(
  options: PrCommentOptions & { partialShard?: boolean },
  event: RunEvent
): CommentDecision {
  const eventName = event.name
  const number = event.pullRequest?.number
  const pr = number === undefined ? undefined : { number, fork: event.pullRequest?.fork === true }
  if (options.mode === 'never') return { post: false }
  if (options.mode === 'auto') {
    if (!eventName || !PULL_REQUEST_EVENTS.has(eventName) || !pr) return { post: false }
    if (eventName === 'pull_request' && pr.fork)
      return {
        post: false,
        say: `go-gate: no pull-request comment: #${pr.number} comes from a fork, whose token cannot write (pr-comment: always tries anyway).`
      }
    if (options.partialShard)
      return {
        post: false,
        say: 'go-gate: no pull-request comment from one shard of several: the merge job (mode: merge) comments on the merged result.'
      }
    if (options.token === '')
      return { post: false, say: 'go-gate: no pull-request comment: github-token is empty.' }
    return { post: true, number: pr.number }
  }
  if (!pr)
    return {
      post: false,
      say: `go-gate: no pull-request comment: the ${eventName ?? 'unknown'} event names no pull request.`
    }
  if (options.token === '')
    return { post: false, warn: 'The pull-request comment was not posted: github-token is empty.' }
  return { post: true, number: pr.number }
}

/** The run's page: its job summary has the whole report. The summary's own anchor is not stable. */
export function runUrl(env: NodeJS.ProcessEnv): string | undefined {
  const server = (env.GITHUB_SERVER_URL || 'https://github.com').replace(/\/+$/, '')
  const repository = env.GITHUB_REPOSITORY ?? ''
  const runId = env.GITHUB_RUN_ID ?? ''
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository) || !/^\d+$/.test(runId)) return undefined
  const attempt = env.GITHUB_RUN_ATTEMPT ?? ''
  return `${server}/${repository}/actions/runs/${runId}${/^\d+$/.test(attempt) ? `/attempts/${attempt}` : ''}`
}

export interface CommentDeps {
  reporter: Reporter
  env?: NodeJS.ProcessEnv
  /** Redacts a message before it is printed (an API error's text is not ours). */
  redact?: (text: string) => string
  /** Waits between rate-limited attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  policy?: RetryPolicy
  /** The longest the whole comment may take. */
  deadlineMs?: number
}

export type CommentOutcome =
  | { status: 'created' | 'updated'; id: number; number: number }
  | { status: 'skipped' }
  | { status: 'failed'; message: string }

/** A comment as the list gives it: the fields that tell ours apart. */
interface ListedComment {
  id: number
  body?: string | null
  user?: { type?: string } | null
}

const DEFAULT_DEADLINE_MS = 60_000

/** What a failed call says in the warning: the status and GitHub's own message. */
function describeError(error: unknown): string {
  if (error instanceof RateLimitedError) return error.message
  const status = (error as { status?: unknown }).status
  const text = errorMessage(error)
  if (status === 403 || status === 404)
    return `GitHub answered ${status} (${text}): the token cannot write to this pull request. A pull request from a fork gets a read-only token; otherwise grant \`pull-requests: write\`.`
  return typeof status === 'number' ? `GitHub answered ${status}: ${text}` : text
}

/**
 * Posts or updates the comment for `report` (already redacted). Never throws: a
 * failure is one warning, and the outcome says what happened.
 */
export async function postPullRequestComment(
  report: RunReport,
  options: PrCommentOptions & { workingDirectory: string; partialShard?: boolean },
  event: RunEvent,
  deps: CommentDeps
): Promise<CommentOutcome> {
  const env = deps.env ?? process.env
  const redact = deps.redact ?? ((t: string) => t)
  const decision = decideComment(options, event)
  if (!decision.post) {
    if (decision.say) deps.reporter.info(decision.say)
    if (decision.warn) deps.reporter.warning(decision.warn)
    return { status: 'skipped' }
  }
  const started = Date.now()
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/')
  if (!owner || !repo) {
    const message = 'The pull-request comment was not posted: GITHUB_REPOSITORY does not name a repository.'
    deps.reporter.warning(message)
    return { status: 'failed', message }
  }
  const deadline = AbortSignal.timeout(deps.deadlineMs ?? DEFAULT_DEADLINE_MS)
  try {
    const marker = commentMarker(env.GITHUB_JOB || 'go-gate', options.workingDirectory)
    const body = renderPullRequestComment(report, { marker, runUrl: runUrl(env), blobUrl: blobUrl(env) })
    // Octokit and its HTTP stack load only when a comment is due: start-up stays quick.
    const { getOctokit } = await import('@actions/github')
    const { defaults } = await import('@actions/github/lib/utils')
    // @actions/github's fetch honours the runner's proxy settings. Every request, each page
    // included, gets the one deadline: options given to a request hook do not reach fetch.
    const proxyFetch = (defaults.request?.fetch ?? fetch) as typeof fetch
    const octokit = getOctokit(options.token, {
      baseUrl: (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, ''),
      userAgent: 'go-gate',
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      request: {
        ...defaults.request,
        fetch: (url: string, init: RequestInit = {}) =>
          proxyFetch(url, {
            ...init,
            signal: init.signal ? AbortSignal.any([init.signal, deadline]) : deadline
          })
      }
    })
    // A short rate limit is waited out and the request made again, as it was.
    octokit.hook.wrap('request', (request, endpoint) =>
      withRateLimitRetry(async () => request(endpoint), {
        sleep: deps.sleep ?? ((ms) => sleepUnlessAborted(ms, deadline)),
        now: deps.now ?? Date.now,
        policy: deps.policy
      })
    )
    let found: ListedComment | undefined
    const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
      owner,
      repo,
      issue_number: decision.number,
      per_page: 100
    })
    // Ours starts with the marker; a person quoting it does not. Of several, a bot's (the
    // workflow token posts as github-actions[bot]) wins; a personal token posts as its user.
    for await (const page of pages) {
      for (const comment of page.data as ListedComment[]) {
        if (!comment.body?.startsWith(marker)) continue
        if (comment.user?.type === 'Bot') {
          found = comment
          break
        }
        found ??= comment
      }
      if (found?.user?.type === 'Bot') break
    }
    let id: number
    if (found) {
      await octokit.rest.issues.updateComment({ owner, repo, comment_id: found.id, body })
      id = found.id
    } else {
      const created = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: decision.number,
        body
      })
      id = created.data.id
    }
    const status = found ? 'updated' : 'created'
    deps.reporter.info(
      `go-gate: ${status} the comment on pull request #${decision.number} in ${formatDuration(Date.now() - started)}.`
    )
    return { status, id, number: decision.number }
  } catch (error) {
    const reason = deadline.aborted
      ? `no answer within ${formatDuration(deps.deadlineMs ?? DEFAULT_DEADLINE_MS)}`
      : describeError(error)
    const sentence = /[.!?]$/.test(reason) ? reason : `${reason}.`
    const message = redact(
      `The pull-request comment was not posted: ${sentence} The gate's result does not depend on it.`
    )
    deps.reporter.warning(message)
    return { status: 'failed', message }
  }
}
