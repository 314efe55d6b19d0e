// GitHub's REST API answers a client over its limits with 403 or 429: the
// primary limit says when it resets (x-ratelimit-remaining: 0, x-ratelimit-reset
// in epoch seconds), a secondary limit how long to wait (retry-after, seconds).
// A short wait is worth it; a long one is not, for a comment: give up and say so.

export type Headers = Readonly<Record<string, string | number | undefined>>

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number
  /** The most all waits together may add. */
  maxTotalWaitMs: number
}

/** A comment is worth a few seconds of waiting, not the minute a secondary limit usually asks. */
export const COMMENT_RETRY_POLICY: RetryPolicy = { retries: 3, maxTotalWaitMs: 5000 }

export interface RateLimitAnswer {
  /** How long the API asks to wait before the next call, in milliseconds. */
  waitMs: number
  limit: 'primary' | 'secondary'
}

function header(headers: Headers | undefined, name: string): string | undefined {
  const value = headers?.[name]
  return value === undefined ? undefined : String(value)
}

/** Whether an answer is a rate limit and how long it asks to wait; undefined for any other answer. */
export function readRateLimit(
  status: number | undefined,
  headers: Headers | undefined,
  nowMs: number
): RateLimitAnswer | undefined {
  if (status !== 403 && status !== 429) return undefined
  const retryAfter = header(headers, 'retry-after')
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter)
    if (Number.isFinite(seconds) && seconds >= 0) return { waitMs: seconds * 1000, limit: 'secondary' }
    const date = Date.parse(retryAfter)
    if (!Number.isNaN(date)) return { waitMs: Math.max(0, date - nowMs), limit: 'secondary' }
  }
  if (header(headers, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(headers, 'x-ratelimit-reset'))
    // Without a reset time there is nothing to wait for: the caller gives up.
    if (Number.isFinite(reset)) return { waitMs: Math.max(0, reset * 1000 - nowMs), limit: 'primary' }
    return { waitMs: Number.POSITIVE_INFINITY, limit: 'primary' }
  }
  // A 429 with neither header is a secondary limit that names no time: GitHub asks for at least a minute.
  if (status === 429) return { waitMs: 60_000, limit: 'secondary' }
  return undefined
}

/** The call failed on a rate limit that asks for a longer wait than the policy allows. */
export class RateLimitedError extends Error {
  constructor(
    readonly answer: RateLimitAnswer,
    readonly status: number,
    readonly attempts: number
  ) {
    const wait = Number.isFinite(answer.waitMs) ? `${Math.ceil(answer.waitMs / 1000)}s` : 'an unknown time'
    super(
      `GitHub's ${answer.limit} rate limit answered ${status} after ${attempts} ${attempts === 1 ? 'attempt' : 'attempts'} and asks to wait ${wait}, longer than go-gate waits for a comment`
    )
    this.name = 'RateLimitedError'
  }
}

export interface RetryDeps {
  sleep: (ms: number) => Promise<void>
  now: () => number
  policy?: RetryPolicy
}

/** Reads status and headers from what Octokit throws (RequestError). */
function answerOf(error: unknown): { status?: number; headers?: Headers } {
  if (typeof error !== 'object' || error === null) return {}
  const e = error as { status?: unknown; response?: { headers?: Headers } }
  return { status: typeof e.status === 'number' ? e.status : undefined, headers: e.response?.headers }
}

/**
 * Runs `call`, and again after a rate-limit answer while the waits stay within the
 * policy. Any other failure, or a wait beyond the policy, ends it.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, deps: RetryDeps): Promise<T> {
  const policy = deps.policy ?? COMMENT_RETRY_POLICY
  let waited = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return await call()
    } catch (error) {
      const { status, headers } = answerOf(error)
      const answer = readRateLimit(status, headers, deps.now())
      if (!answer || status === undefined) throw error
      if (attempt > policy.retries || waited + answer.waitMs > policy.maxTotalWaitMs)
        throw new RateLimitedError(answer, status, attempt)
      waited += answer.waitMs
      await deps.sleep(answer.waitMs)
    }
  }
}
