// When go-gate comments on a pull request: the input, the event and the payload
// at GITHUB_EVENT_PATH decide it, before any request is made.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { decideComment, runUrl } from '../../src/github/pr-comment.js'
import { readRunEvent } from '../../src/github/run-event.js'
import type { RunReport } from '../../src/model/report.js'
import { parseOptions } from '../../src/options.js'
import { collectSecrets, redactReport } from '../../src/redact/index.js'
import { REPO_ROOT } from '../support/runner.js'

const EVENTS = path.join(REPO_ROOT, '__tests__', 'fixtures', 'events')
const PULL_REQUEST = path.join(EVENTS, 'pull_request-comment.json')
const PUSH = path.join(EVENTS, 'push-comment.json')

/** The pull_request fixture with its head in another repository. */
function forkPayload(): string {
  const payload = JSON.parse(readFileSync(PULL_REQUEST, 'utf8'))
  payload.pull_request.head.repo = { full_name: 'mallory/shop', fork: true }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-event-')), 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return file
}

const token = 'ghs_0123456789abcdef'

/** The pull request of the payload at `eventPath`, as the comment sees it. */
async function pullRequestOf(eventPath: string | undefined) {
  const pr = (await readRunEvent({ GITHUB_EVENT_PATH: eventPath })).pullRequest
  return pr && { number: pr.number, fork: pr.fork }
}

describe('the pull request of an event', () => {
  test('pull_request.number from the payload; a head in another repository is a fork', async () => {
    expect(await pullRequestOf(PULL_REQUEST)).toEqual({ number: 7, fork: false })
    expect(await pullRequestOf(forkPayload())).toEqual({ number: 7, fork: true })
  })

  test('a push, a missing or unreadable payload name no pull request', async () => {
    expect(await pullRequestOf(PUSH)).toBeUndefined()
    expect(await pullRequestOf(undefined)).toBeUndefined()
    expect(await pullRequestOf(path.join(EVENTS, 'no-such-event.json'))).toBeUndefined()
  })
})

describe('whether to comment', () => {
  const pr = { number: 7, fork: false }
  const fork = { number: 7, fork: true }
  const on = (name: string, pullRequest?: { number: number; fork: boolean }) => ({ name, pullRequest })

  test('auto: on pull_request and pull_request_target, never on push', () => {
    expect(decideComment({ mode: 'auto', token }, on('pull_request', pr))).toEqual({ post: true, number: 7 })
    expect(decideComment({ mode: 'auto', token }, on('pull_request_target', fork))).toEqual({
      post: true,
      number: 7
    })
    expect(decideComment({ mode: 'auto', token }, on('push'))).toEqual({ post: false })
  })

  test("auto skips a fork's pull_request with a line in the log, not a warning", () => {
    const d = decideComment({ mode: 'auto', token }, on('pull_request', fork))
    expect(d).toEqual({ post: false, say: expect.stringContaining('#7 comes from a fork') })
  })

  test('auto leaves a leg of a sharded run to the merge job, which comments on the whole', () => {
    expect(decideComment({ mode: 'auto', token, partialShard: true }, on('pull_request', pr))).toEqual({
      post: false,
      say: 'go-gate: no pull-request comment from one shard of several: the merge job (mode: merge) comments on the merged result.'
    })
    expect(decideComment({ mode: 'always', token, partialShard: true }, on('pull_request', pr))).toEqual({
      post: true,
      number: 7
    })
  })

  test('always tries a fork too; without a token it warns; never never posts', () => {
    expect(decideComment({ mode: 'always', token }, on('pull_request', fork))).toEqual({
      post: true,
      number: 7
    })
    expect(decideComment({ mode: 'always', token: '' }, on('pull_request', pr))).toEqual({
      post: false,
      warn: 'The pull-request comment was not posted: github-token is empty.'
    })
    expect(decideComment({ mode: 'always', token }, on('push'))).toEqual({
      post: false,
      say: 'go-gate: no pull-request comment: the push event names no pull request.'
    })
    expect(decideComment({ mode: 'never', token }, on('pull_request', pr))).toEqual({ post: false })
  })
})

describe('the inputs', () => {
  const parse = (inputs: Record<string, string>) => parseOptions((name) => inputs[name], REPO_ROOT).prComment

  test('pr-comment defaults to auto; the unsubstituted default token is no token', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the default as action.yml writes it
    expect(parse({ 'github-token': '${{ github.token }}' })).toEqual({ mode: 'auto', token: '' })
    expect(parse({ 'pr-comment': 'always', 'github-token': token })).toEqual({ mode: 'always', token })
  })

  test('a bad pr-comment names the input and what it accepts', () => {
    expect(() => parse({ 'pr-comment': 'yes' })).toThrow(
      'Input "pr-comment" is "yes"; expected auto, always or never.'
    )
  })

  test('a token with white space is refused without showing it', () => {
    const error = (() => {
      try {
        parse({ 'github-token': 'ghs_secret value' })
      } catch (e) {
        return e as Error
      }
    })()
    expect(error?.message).toMatch(/^Input "github-token" holds white space; expected one token/)
    expect(error?.message).not.toContain('ghs_secret')
  })
})

test('the link goes to the run and its attempt', () => {
  const env = {
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_RUN_ID: '987654321',
    GITHUB_RUN_ATTEMPT: '2'
  }
  expect(runUrl(env)).toBe('https://github.com/acme/shop/actions/runs/987654321/attempts/2')
  expect(runUrl({ ...env, GITHUB_RUN_ATTEMPT: undefined })).toBe(
    'https://github.com/acme/shop/actions/runs/987654321'
  )
  expect(runUrl({ ...env, GITHUB_RUN_ID: 'x) [y](z' })).toBeUndefined()
})

test('the token is a secret of the redaction, however short, and gone from the report', () => {
  const short = 'ghp_x'
  expect(collectSecrets({ values: [token, short] })).toEqual([token, short])
  const report: RunReport = {
    result: 'failure',
    stages: [],
    setupFailures: [
      {
        kind: 'internal-error',
        stage: 'setup',
        severity: 'error',
        title: `request with ${token} failed`,
        message: `Authorization: token ${token}`
      }
    ],
    tests: { passed: 0, failed: 0, skipped: 0 },
    durationMs: 0,
    workingDirectory: '.'
  }
  const redacted = redactReport(report, collectSecrets({ values: [token] }))
  expect(JSON.stringify(redacted)).not.toContain(token)
  expect(redacted.setupFailures[0].message).toBe('Authorization: token ***')
})
