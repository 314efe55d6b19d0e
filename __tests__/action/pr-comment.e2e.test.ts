// The sticky pull-request comment through the bundled action, against a local
// stand-in of GitHub's REST API at GITHUB_API_URL: created once, then updated in
// place; found past the first page of comments; a short secondary rate limit
// waited out; a fork's read-only token, an outage, a push or `never` change
// nothing about the gate but (at most) one warning.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { commentMarker } from '../../src/report/comment.js'
import { startCacheServer } from '../support/cache-server.js'
import { git } from '../support/git.js'
import { type GitHubApi, useGitHubApi } from '../support/github-api.js'
import { summaryHeadline } from '../support/markdown.js'
import { type ActionRun, REPO_ROOT, runAction } from '../support/runner.js'

const FIXTURES = path.join(REPO_ROOT, '__tests__', 'fixtures')
const PASSING = path.join(FIXTURES, 'passing')
const FAILING = path.join(FIXTURES, 'assert-subtest')
const PULL_REQUEST = path.join(FIXTURES, 'events', 'pull_request-comment.json')
const PUSH = path.join(FIXTURES, 'events', 'push-comment.json')
const PR = 7
const MARKER = commentMarker('gate', '.')
const LIST = `/repos/acme/shop/issues/${PR}/comments`

let api: GitHubApi
useGitHubApi((started) => {
  api = started
})

/** The fork's payload: the pull_request fixture with its head in another repository. */
function forkEvent(): string {
  const payload = JSON.parse(readFileSync(PULL_REQUEST, 'utf8'))
  payload.pull_request.head.repo = { full_name: 'mallory/shop', fork: true }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-event-')), 'event.json')
  writeFileSync(file, JSON.stringify(payload))
  return file
}

function gate(
  workspace: string,
  inputs: Record<string, string> = {},
  event: { name: string; path: string } = { name: 'pull_request', path: PULL_REQUEST }
): Promise<ActionRun> {
  return runAction({
    workspace,
    inputs: { stages: 'unit', race: 'false', cache: 'false', 'github-token': api.token, ...inputs },
    env: {
      GITHUB_API_URL: api.url,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: event.path,
      GITHUB_JOB: 'gate',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '3'
    }
  })
}

const warnings = (run: ActionRun) => run.annotations.filter((a) => a.severity === 'warning')
const calls = () =>
  api.requests.map((r) => `${r.method} ${r.path}${r.query.page ? `?page=${r.query.page}` : ''} ${r.status}`)

describe('the sticky comment', () => {
  test('the first run creates it, the next push updates the same one', async () => {
    const first = await gate(PASSING)
    expect(first.outputs.result).toBe('success')
    expect(calls()).toEqual([`GET ${LIST} 200`, `POST ${LIST} 201`])
    const [created] = api.comments.get(PR) ?? []
    expect(created.body.startsWith(`${MARKER}\n`)).toBe(true)
    expect(created.body).toContain('✅ go-gate passed: unit')
    expect(created.body).toContain('(https://github.com/acme/shop/actions/runs/4242/attempts/3)')
    expect(api.requests.every((r) => r.authorization === `token ${api.token}`)).toBe(true)
    expect(api.requests[0].query.per_page).toBe('100')
    expect(warnings(first)).toEqual([])

    api.requests.length = 0
    const second = await gate(FAILING)
    expect(second.exitCode).toBe(1)
    expect(calls()).toEqual([`GET ${LIST} 200`, `PATCH /repos/acme/shop/issues/comments/${created.id} 200`])
    const comments = api.comments.get(PR) ?? []
    expect(comments).toHaveLength(1)
    // The comment's first sentence is the job summary's.
    const sentence = summaryHeadline(second.summary)
    expect(comments[0].body.split('\n\n')[2]).toBe(sentence)
    expect(sentence).toContain('`TestMake/accented_letters`')
    expect(comments[0].body).toContain('| unit | ❌ failed |')
  })

  test('past a hundred comments, the marked one on page 2 is found and updated', async () => {
    api.seed(PR, 150, { 120: { body: `${MARKER}\nan older report`, bot: true } })
    const run = await gate(PASSING)
    expect(run.outputs.result).toBe('success')
    const marked = api.comments.get(PR)?.[120]
    expect(calls()).toEqual([
      `GET ${LIST} 200`,
      `GET ${LIST}?page=2 200`,
      `PATCH /repos/acme/shop/issues/comments/${marked?.id} 200`
    ])
    expect(api.comments.get(PR)).toHaveLength(150)
    expect(marked?.body).toContain('✅ go-gate passed')
  })

  test("a fork's read-only token: 403, one warning, the gate's result and outputs unchanged", async () => {
    const quiet = await gate(FAILING, { 'pr-comment': 'never' })
    expect(api.requests).toEqual([])
    api.always = 'fork'
    const refused = await gate(
      FAILING,
      { 'pr-comment': 'always' },
      { name: 'pull_request', path: forkEvent() }
    )
    expect(calls()).toEqual([`GET ${LIST} 200`, `POST ${LIST} 403`])
    expect(refused.exitCode).toBe(quiet.exitCode)
    // Each run writes its report file in a folder of its own: the rest is the same.
    const { 'report-file': refusedFile, ...refusedOutputs } = refused.outputs
    const { 'report-file': quietFile, ...quietOutputs } = quiet.outputs
    expect(refusedOutputs).toEqual(quietOutputs)
    expect(path.basename(refusedFile)).toBe(path.basename(quietFile))
    expect(summaryHeadline(refused.summary)).toBe(summaryHeadline(quiet.summary))
    expect(refused.annotations.filter((a) => a.severity === 'error')).toEqual(
      quiet.annotations.filter((a) => a.severity === 'error')
    )
    expect(warnings(refused).length - warnings(quiet).length).toBe(1)
    const warning = warnings(refused).at(-1)?.message ?? ''
    expect(warning).toContain('The pull-request comment was not posted: GitHub answered 403')
    expect(warning).toContain('Resource not accessible by integration')
  })

  test("auto leaves a fork's pull request alone: no request, no warning", async () => {
    const run = await gate(PASSING, {}, { name: 'pull_request', path: forkEvent() })
    expect(api.requests).toEqual([])
    expect(warnings(run)).toEqual([])
    expect(run.stdout).toContain('go-gate: no pull-request comment: #7 comes from a fork')
  })

  test('a secondary rate limit answered once is waited out, then the comment is created', async () => {
    api.next.push('secondary-limit')
    const run = await gate(PASSING)
    expect(calls()).toEqual([`GET ${LIST} 403`, `GET ${LIST} 200`, `POST ${LIST} 201`])
    expect(api.comments.get(PR)).toHaveLength(1)
    expect(warnings(run)).toEqual([])
  })

  test('the primary limit (429 until x-ratelimit-reset) answered once is waited out too', async () => {
    api.seed(PR, 1, { 0: { body: `${MARKER}\nan older report`, bot: true } })
    api.next.push('primary-limit')
    const run = await gate(PASSING)
    expect(calls()).toEqual([`GET ${LIST} 429`, `GET ${LIST} 200`, expect.stringMatching(/^PATCH .* 200$/)])
    expect(warnings(run)).toEqual([])
  })

  test('a secondary limit asking for a minute is not waited for: one warning, result unchanged', async () => {
    api.always = 'secondary-limit'
    api.retryAfter = 60
    try {
      const run = await gate(PASSING)
      expect(run.outputs.result).toBe('success')
      expect(run.exitCode).toBe(0)
      expect(calls()).toEqual([`GET ${LIST} 403`])
      expect(warnings(run).map((w) => w.message)).toEqual([
        expect.stringContaining(
          "GitHub's secondary rate limit answered 403 after 1 attempt and asks to wait 60s"
        )
      ])
    } finally {
      api.retryAfter = 1
    }
  })

  test('a server error: one warning, the failing gate stays failed with its outputs', async () => {
    api.always = 'server-error'
    const run = await gate(FAILING)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(calls()).toEqual([`GET ${LIST} 500`])
    const commentWarnings = warnings(run).filter((w) => w.message.includes('pull-request comment'))
    expect(commentWarnings.map((w) => w.message)).toEqual([
      "The pull-request comment was not posted: GitHub answered 500: Server Error. The gate's result does not depend on it."
    ])
  })

  test('a push posts nothing (auto), and neither does never on a pull request', async () => {
    const push = await gate(PASSING, {}, { name: 'push', path: PUSH })
    const never = await gate(PASSING, { 'pr-comment': 'never' })
    expect(api.requests).toEqual([])
    expect([push.outputs.result, never.outputs.result]).toEqual(['success', 'success'])
    expect([...warnings(push), ...warnings(never)]).toEqual([])
  })

  test('a payload that is not a JSON object (a local act run): one line in the log, the gate green, no request', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-event-')), 'event.json')
    writeFileSync(file, 'null')
    const run = await gate(PASSING, { 'pr-comment': 'always' }, { name: 'pull_request', path: file })
    expect(run.exitCode).toBe(0)
    expect(run.outputs.result).toBe('success')
    expect(api.requests).toEqual([])
    expect(warnings(run)).toEqual([])
    expect(run.stdout).toContain(
      `go-gate: The event payload at ${file} holds no JSON object, so this run is taken as neither a push to the default branch nor a pull request.`
    )
    expect(run.stdout).toContain(
      'go-gate: no pull-request comment: the pull_request event names no pull request.'
    )
  })

  test('the token is masked in the log and never in the comment', async () => {
    const run = await gate(PASSING)
    expect(run.masks).toContain(api.token)
    expect(run.log).not.toContain(api.token)
    expect(api.comments.get(PR)?.[0].body).not.toContain(api.token)
  })

  test('a pr-comment value it does not accept stops the run before anything runs', async () => {
    const run = await gate(PASSING, { 'pr-comment': 'sometimes' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('invalid-input')
    expect(run.outputs['root-cause']).toContain(
      'Input "pr-comment" is "sometimes"; expected auto, always or never.'
    )
    expect(api.requests).toEqual([])
  })
})

// A real pull request: a push to main leaves the coverage baseline in the cache stand-in, then a
// branch adds an untested function. The comment carries the delta and the patch coverage the
// coverage gate measured, and links the uncovered changed lines.
describe('the comment on a pull request with coverage against main', () => {
  test('delta against the baseline, patch coverage and the uncovered changed lines', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-pr-comment-'))
    const cache = await startCacheServer()
    try {
      cpSync(path.join(FIXTURES, 'coverage-multi'), root, { recursive: true })
      git(root, 'init', '-q', '-b', 'main')
      git(root, 'add', '-A')
      git(root, 'commit', '-q', '-m', 'base')
      const baseSha = git(root, 'rev-parse', 'HEAD')
      const env = { ...cache.env(), GITHUB_API_URL: api.url, GITHUB_JOB: 'gate', GITHUB_RUN_ID: '4242' }
      const inputs = { stages: 'unit', race: 'false', cache: 'true', 'github-token': api.token }
      const push = await runAction({
        workspace: root,
        inputs,
        env: {
          ...env,
          GITHUB_EVENT_NAME: 'push',
          GITHUB_EVENT_PATH: path.join(FIXTURES, 'events', 'push.json'),
          GITHUB_REF: 'refs/heads/main',
          GITHUB_REF_NAME: 'main',
          GITHUB_SHA: baseSha
        }
      })
      expect(push.outputs.result).toBe('success')
      expect(api.requests).toEqual([])

      // The pull request: Mul, untested, on lines 43-47 of calc/calc.go (after the file's 40 lines, a blank one and a comment).
      git(root, 'checkout', '-q', '-b', 'feature')
      const calc = path.join(root, 'calc', 'calc.go')
      expect(readFileSync(calc, 'utf8').match(/\n/g)).toHaveLength(40)
      writeFileSync(
        calc,
        `${readFileSync(calc, 'utf8')}\n// Mul multiplies; no test calls it.\nfunc Mul(a, b int) int {\n\tif a == 0 || b == 0 {\n\t\treturn 0\n\t}\n\treturn a * b\n}\n`
      )
      git(root, 'commit', '-q', '-am', 'feature')
      const headSha = git(root, 'rev-parse', 'HEAD')
      const payload = JSON.parse(readFileSync(path.join(FIXTURES, 'events', 'pull_request.json'), 'utf8'))
      payload.pull_request.base = { ref: 'main', sha: baseSha }
      payload.pull_request.head.sha = headSha
      const event = path.join(root, '..', `${path.basename(root)}-event.json`)
      writeFileSync(event, JSON.stringify(payload))
      const pr = await runAction({
        workspace: root,
        inputs,
        env: { ...env, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_SHA: headSha }
      })
      expect(pr.outputs.result).toBe('success')
      const body = api.comments.get(PR)?.[0].body ?? ''
      const base7 = baseSha.slice(0, 7)
      const fell = (Number(push.outputs.coverage) - Number(pr.outputs.coverage)).toFixed(1)
      expect(Number(fell)).toBeGreaterThan(0)
      // What the job summary says, the comment says.
      expect(body).toContain(`**Coverage:** ${pr.outputs.coverage}% (\u2212${fell} against main@${base7})`)
      expect(pr.summary).toContain(
        `**Coverage:** ${pr.outputs.coverage}% (\u2212${fell} against main@${base7})`
      )
      // By hand, Mul's blocks in the profile: the body up to the `if` (1 statement), `return 0` (1),
      // `return a * b` (1); no test runs any: 0 of 3.
      expect(body).toContain('**Patch coverage:** 0.0% (0 of 3 statements)')
      expect(body).toContain(
        `Baseline \`main@${base7}\`: ${push.outputs.coverage}% · Patch: the lines changed since \`${base7}\`.`
      )
      expect(body).toContain(
        `- [\`calc/calc.go:43-47\`](https://github.com/acme/shop/blob/${headSha}/calc/calc.go#L43-L47)`
      )
      expect(body).toContain('| `example.com/coverage-multi/calc` |')
    } finally {
      await cache.close()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
