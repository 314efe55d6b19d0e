// The comment's adapter called directly against the stand-in of GitHub's REST
// API, with the wait between rate-limited attempts injected: which waits GitHub's
// answers ask for, which marked comment is ours, a server that never answers, and
// an API under a path (GitHub Enterprise Server's /api/v3).
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { postPullRequestComment } from '../../src/github/pr-comment.js'
import { readRunEvent } from '../../src/github/run-event.js'
import type { RunReport } from '../../src/model/report.js'
import { commentMarker } from '../../src/report/comment.js'
import { RecordingReporter } from '../pipeline/support.js'
import { type GitHubApi, useGitHubApi } from '../support/github-api.js'
import { REPO_ROOT } from '../support/runner.js'

const PULL_REQUEST = path.join(REPO_ROOT, '__tests__', 'fixtures', 'events', 'pull_request-comment.json')
const MARKER = commentMarker('gate', '.')
const LIST = '/repos/acme/shop/issues/7/comments'

/** A passing report, as the pipeline leaves it after a run of the unit stage. */
const report: RunReport = {
  result: 'success',
  stages: [
    {
      stage: 'unit',
      status: 'passed',
      durationMs: 900,
      failures: [],
      notices: [],
      notes: [],
      tests: { passed: 6, failed: 0, skipped: 0 }
    }
  ],
  setupFailures: [],
  tests: { passed: 6, failed: 0, skipped: 0 },
  durationMs: 1000,
  workingDirectory: '.'
}

let api: GitHubApi
useGitHubApi((started) => {
  api = started
})

function post(over: { apiUrl?: string; deadlineMs?: number } = {}) {
  const reporter = new RecordingReporter()
  const waits: number[] = []
  const env = {
    GITHUB_API_URL: over.apiUrl ?? api.url,
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: PULL_REQUEST,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_JOB: 'gate',
    GITHUB_RUN_ID: '1'
  }
  const outcome = readRunEvent(env).then((event) =>
    postPullRequestComment(report, { mode: 'auto', token: api.token, workingDirectory: '.' }, event, {
      reporter,
      env,
      sleep: async (ms) => void waits.push(ms),
      deadlineMs: over.deadlineMs
    })
  )
  return { reporter, waits, outcome }
}

const calls = () => api.requests.map((r) => `${r.method} ${r.path} ${r.status}`)

describe('the comment adapter', () => {
  test('waits as long as retry-after says, and no longer than it may', async () => {
    api.retryAfter = 2
    api.next.push('secondary-limit', 'secondary-limit')
    const ok = post()
    expect(await ok.outcome).toMatchObject({ status: 'created', number: 7 })
    expect(ok.waits).toEqual([2000, 2000])
    expect(ok.reporter.warnings).toEqual([])

    api.retryAfter = 3
    api.always = 'secondary-limit'
    const refused = post()
    expect(await refused.outcome).toMatchObject({ status: 'failed' })
    // 3 s, then 3 more would pass the 5 s bound: one wait, then it gives up.
    expect(refused.waits).toEqual([3000])
    expect(refused.reporter.warnings).toHaveLength(1)
  })

  test('a marked comment by a bot is ours; a person who copied or quoted the marker keeps theirs', async () => {
    const copied = `${MARKER}\ncopied from the bot`
    const quoted = `> ${MARKER}\n> old`
    api.seed(7, 4, {
      0: { body: copied, bot: false },
      1: { body: quoted, bot: false },
      3: { body: `${MARKER}\nold`, bot: true }
    })
    const { outcome } = post()
    const [person, quoting, , bot] = api.comments.get(7) ?? []
    expect(await outcome).toEqual({ status: 'updated', id: bot.id, number: 7 })
    expect([person.body, quoting.body]).toEqual([copied, quoted])
    expect(bot.body).toContain('✅ go-gate passed')
  })

  test('with a personal token the marked comment is its user’s, and it is updated', async () => {
    api.seed(7, 2, { 1: { body: `${MARKER}\nold`, bot: false } })
    const { outcome } = post()
    const mine = api.comments.get(7)?.[1]
    expect(await outcome).toEqual({ status: 'updated', id: mine?.id, number: 7 })
  })

  test('a server that never answers: one warning when the deadline passes', async () => {
    api.always = 'hang'
    const { outcome, reporter } = post({ deadlineMs: 300 })
    expect(await outcome).toMatchObject({ status: 'failed' })
    expect(reporter.warnings).toEqual([
      "The pull-request comment was not posted: no answer within 300ms. The gate's result does not depend on it."
    ])
  })

  test('GITHUB_API_URL with a path (GitHub Enterprise Server) is where every request goes', async () => {
    api.seed(7, 101)
    const { outcome } = post({ apiUrl: `${api.url}/api/v3` })
    expect(await outcome).toMatchObject({ status: 'created' })
    expect(calls()).toEqual([`GET /api/v3${LIST} 200`, `GET /api/v3${LIST} 200`, `POST /api/v3${LIST} 201`])
    expect(api.requests[1].query.page).toBe('2')
  })
})
