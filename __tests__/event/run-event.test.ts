// The run's event as go-gate reads it: the payload fixtures under __tests__/fixtures/events/ with
// the variables the runner sets, and what a run without a usable payload (a local run, a bare act
// run, a workflow_dispatch) is taken for. The file read itself is the adapter's readRunEvent.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { baseCommitOf, parseRunEvent } from '../../src/event/run-event.js'
import { readRunEvent } from '../../src/github/run-event.js'
import { REPO_ROOT } from '../support/runner.js'

const EVENTS = path.join(REPO_ROOT, '__tests__', 'fixtures', 'events')
const payloadOf = (name: string) => readFileSync(path.join(EVENTS, `${name}.json`), 'utf8')
const SHA = 'abc1234abc1234abc1234abc1234abc1234abc12'
const NEITHER = 'so this run is taken as neither a push to the default branch nor a pull request.'

describe('parseRunEvent', () => {
  test('a push to the default branch: the branch, its commit before, the SHA', () => {
    const env = {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main',
      GITHUB_SHA: SHA
    }
    expect(parseRunEvent(payloadOf('push'), env)).toEqual({
      name: 'push',
      sha: SHA,
      defaultBranch: 'main',
      push: { branch: 'main', toDefaultBranch: true, before: '0'.repeat(40) }
    })
    // A new branch's first push has all zeros before it: the timings then take the newest record.
    expect(baseCommitOf(parseRunEvent(payloadOf('push-comment'), env))).toBe(
      '89abcdef0123456789abcdef0123456789abcdef'
    )
  })

  test("another branch, a tag named like the default one, or a payload that names no default branch is not the default branch's push", () => {
    const push = (ref: string, name: string, payload = payloadOf('push')) =>
      parseRunEvent(payload, { GITHUB_EVENT_NAME: 'push', GITHUB_REF: ref, GITHUB_REF_NAME: name }).push
        ?.toDefaultBranch
    expect(push('refs/heads/dev', 'dev')).toBe(false)
    expect(push('refs/tags/main', 'main')).toBe(false)
    expect(push('refs/heads/main', 'main', payloadOf('push-comment'))).toBe(false)
    expect(push('refs/heads/main', 'main')).toBe(true)
  })

  test('without GITHUB_SHA the commit is the payload\'s "after"', () => {
    expect(parseRunEvent(payloadOf('push'), { GITHUB_EVENT_NAME: 'push' }).sha).toBe('1'.repeat(40))
  })

  test('a pull request: number, base branch and commit, head commit, same repository', () => {
    const event = parseRunEvent(payloadOf('pull_request'), {
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_SHA: SHA
    })
    expect(event).toEqual({
      name: 'pull_request',
      sha: SHA,
      defaultBranch: 'main',
      pullRequest: {
        number: 7,
        baseRef: 'main',
        baseSha: '1'.repeat(40),
        headSha: '2'.repeat(40),
        fork: false
      }
    })
    expect(baseCommitOf(event)).toBe('1'.repeat(40))
  })

  test('a head in another repository, or one deleted, is a fork', () => {
    const payload = JSON.parse(payloadOf('pull_request-comment'))
    const fork = (repo: unknown) => {
      payload.pull_request.head.repo = repo
      return parseRunEvent(JSON.stringify(payload), { GITHUB_EVENT_NAME: 'pull_request_target' }).pullRequest
        ?.fork
    }
    expect(fork({ full_name: 'acme/shop' })).toBe(false)
    expect(fork({ full_name: 'mallory/shop' })).toBe(true)
    expect(fork(null)).toBe(true)
  })

  test('an issue_comment on a pull request names it; one on an issue does not', () => {
    const comment = (issue: object) =>
      parseRunEvent(JSON.stringify({ issue }), { GITHUB_EVENT_NAME: 'issue_comment' }).pullRequest
    expect(comment({ number: 9, pull_request: { url: 'x' } })).toEqual({ number: 9, fork: false })
    expect(comment({ number: 9 })).toBeUndefined()
  })

  test('a merge group: its base branch and commit, which the timings restore by', () => {
    const payload = JSON.stringify({
      merge_group: { base_ref: 'refs/heads/main', base_sha: 'b'.repeat(40), head_sha: 'c'.repeat(40) },
      repository: { default_branch: 'main' }
    })
    const event = parseRunEvent(payload, { GITHUB_EVENT_NAME: 'merge_group' })
    expect(event.mergeGroup).toEqual({ baseRef: 'main', baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40) })
    expect(baseCommitOf(event)).toBe('b'.repeat(40))
  })

  test('a payload that is not a JSON object gives nothing from it, and a sentence why', () => {
    const env = {
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: '/tmp/event.json',
      GITHUB_REF: 'refs/heads/main',
      GITHUB_REF_NAME: 'main'
    }
    for (const text of ['{"repository": {"default_branch": "main"', 'null', '[]', '"main"']) {
      const event = parseRunEvent(text, env)
      expect(event.push).toEqual({ branch: 'main', toDefaultBranch: false })
      expect(event.defaultBranch).toBeUndefined()
      expect(event.unread).toMatch(
        /^The event payload at \/tmp\/event\.json (is not JSON|holds no JSON object), /
      )
      expect(event.unread).toContain(NEITHER)
    }
  })

  test('a workflow_dispatch or an act run: no pull request, no push, nothing unread', () => {
    expect(parseRunEvent('{}', { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF_NAME: 'main' })).toEqual({
      name: 'workflow_dispatch'
    })
    expect(parseRunEvent(undefined, {})).toEqual({})
  })
})

describe('readRunEvent', () => {
  test('reads the payload GITHUB_EVENT_PATH names', async () => {
    const event = await readRunEvent({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path.join(EVENTS, 'pull_request.json')
    })
    expect(event.pullRequest?.number).toBe(7)
    expect(event.unread).toBeUndefined()
  })

  test('without GITHUB_EVENT_PATH the environment alone, and no sentence', async () => {
    expect(await readRunEvent({ GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' })).toEqual({
      name: 'push',
      push: { branch: 'main', toDefaultBranch: false }
    })
  })

  test('a missing file, a folder or a file that is not JSON: nothing from it, one sentence, no throw', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-event-'))
    const notJson = path.join(dir, 'event.json')
    writeFileSync(notJson, 'not json')
    const cases: [string, string][] = [
      [path.join(dir, 'none.json'), 'cannot be read (ENOENT)'],
      [dir, 'cannot be read (EISDIR)'],
      [notJson, 'is not JSON']
    ]
    for (const [file, why] of cases) {
      const event = await readRunEvent({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: file })
      expect(event).toEqual({
        name: 'pull_request',
        unread: `The event payload at ${file} ${why}, ${NEITHER}`
      })
    }
  })
})
