// GitHub's rate-limit answers read as GitHub documents them, and the retry that
// waits them out only while the waits stay short; the wait is injected, so
// nothing here sleeps.
import { describe, expect, test } from '@jest/globals'
import {
  COMMENT_RETRY_POLICY,
  RateLimitedError,
  readRateLimit,
  withRateLimitRetry
} from '../../src/github/rate-limit.js'

const NOW = 1_800_000_000_000

/** What Octokit throws for a refused request: a RequestError's status and response headers. */
function refused(status: number, headers: Record<string, string | number>): Error {
  return Object.assign(new Error(`refused ${status}`), { status, response: { headers } })
}

describe('reading a rate-limit answer', () => {
  test('a secondary limit asks for retry-after seconds, on 403 and 429', () => {
    expect(readRateLimit(403, { 'retry-after': '2' }, NOW)).toEqual({ waitMs: 2000, limit: 'secondary' })
    expect(readRateLimit(429, { 'retry-after': 60 }, NOW)).toEqual({ waitMs: 60_000, limit: 'secondary' })
  })

  test('the primary limit asks to wait until x-ratelimit-reset (epoch seconds)', () => {
    const headers = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 3) }
    expect(readRateLimit(429, headers, NOW)).toEqual({ waitMs: 3000, limit: 'primary' })
    expect(readRateLimit(403, headers, NOW + 5000)).toEqual({ waitMs: 0, limit: 'primary' })
  })

  test('a 403 that is no limit (a read-only token) and other statuses are not rate limits', () => {
    expect(readRateLimit(403, { 'x-ratelimit-remaining': '4999' }, NOW)).toBeUndefined()
    expect(readRateLimit(404, { 'retry-after': '1' }, NOW)).toBeUndefined()
    expect(readRateLimit(500, {}, NOW)).toBeUndefined()
  })

  test('a 429 that names no time is a secondary limit of a minute, as GitHub advises', () => {
    expect(readRateLimit(429, {}, NOW)).toEqual({ waitMs: 60_000, limit: 'secondary' })
  })
})

describe('retrying', () => {
  function recorder() {
    const waits: number[] = []
    return { waits, deps: { sleep: async (ms: number) => void waits.push(ms), now: () => NOW } }
  }

  test('a secondary limit answered once is waited out and the call then succeeds', async () => {
    const { waits, deps } = recorder()
    let calls = 0
    const result = await withRateLimitRetry(async () => {
      calls++
      if (calls === 1) throw refused(403, { 'retry-after': '1' })
      return 'posted'
    }, deps)
    expect([result, calls, waits]).toEqual(['posted', 2, [1000]])
  })

  test('a wait longer than the policy allows is not taken: it gives up at once, saying why', async () => {
    const { waits, deps } = recorder()
    const error = await withRateLimitRetry(async () => {
      throw refused(403, { 'retry-after': '60' })
    }, deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitedError)
    expect((error as Error).message).toContain("GitHub's secondary rate limit answered 403")
    expect((error as Error).message).toContain('asks to wait 60s')
    expect(waits).toEqual([])
  })

  test('retries are bounded in number and in total wait', async () => {
    const { waits, deps } = recorder()
    let calls = 0
    const error = await withRateLimitRetry(async () => {
      calls++
      throw refused(429, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(NOW / 1000 + 2) })
    }, deps).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(RateLimitedError)
    // 2 s a wait within 5 s in all: two waits, three calls.
    expect(waits).toEqual([2000, 2000])
    expect(calls).toBe(3)
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(COMMENT_RETRY_POLICY.maxTotalWaitMs)

    const instant = recorder()
    let tries = 0
    await withRateLimitRetry(async () => {
      tries++
      throw refused(403, { 'retry-after': '0' })
    }, instant.deps).catch(() => undefined)
    expect(tries).toBe(COMMENT_RETRY_POLICY.retries + 1)
  })

  test('any other failure ends it at once, unchanged', async () => {
    const { waits, deps } = recorder()
    const fork = refused(403, { 'x-ratelimit-remaining': '4990' })
    let calls = 0
    const error = await withRateLimitRetry(async () => {
      calls++
      throw fork
    }, deps).catch((e: unknown) => e)
    expect([error, calls, waits]).toEqual([fork, 1, []])
  })
})
