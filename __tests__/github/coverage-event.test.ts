// What the workflow's event means for coverage, read from the payload fixtures, and what a run
// with the cache off says instead of a baseline. No cache service, no Go.
import path from 'node:path'
import { summarizeCoverage } from '../../src/coverage/summarize.js'
import { coverageEventOf, prepareCoverageBase } from '../../src/github/coverage-base.js'
import { readRunEvent } from '../../src/github/run-event.js'
import { parseOptions } from '../../src/options.js'
import type { Reporter } from '../../src/pipeline/context.js'
import { REPO_ROOT } from '../support/runner.js'

const EVENTS = path.join(REPO_ROOT, '__tests__', 'fixtures', 'events')
const push = (ref: string, name: string) => ({
  GITHUB_EVENT_NAME: 'push',
  GITHUB_EVENT_PATH: path.join(EVENTS, 'push.json'),
  GITHUB_REF: ref,
  GITHUB_REF_NAME: name,
  GITHUB_SHA: 'abc1234abc1234abc1234abc1234abc1234abc12'
})
const pullRequest = (name = 'pull_request') => ({
  GITHUB_EVENT_NAME: name,
  GITHUB_EVENT_PATH: path.join(EVENTS, 'pull_request.json')
})

const coverageEvent = async (env: NodeJS.ProcessEnv) => coverageEventOf(await readRunEvent(env))

describe('coverageEventOf', () => {
  it('a push to the default branch, named by the payload', async () => {
    expect(await coverageEvent(push('refs/heads/main', 'main'))).toEqual({
      kind: 'push-default',
      branch: 'main',
      sha: 'abc1234abc1234abc1234abc1234abc1234abc12'
    })
  })

  it('a push to another branch, or a tag named like the default branch, is not', async () => {
    expect(await coverageEvent(push('refs/heads/dev', 'dev'))).toEqual({ kind: 'other' })
    expect(await coverageEvent(push('refs/tags/main', 'main'))).toEqual({ kind: 'other' })
  })

  it("a pull request's base branch and commit; pull_request_target and a missing payload are not one", async () => {
    expect(await coverageEvent(pullRequest())).toEqual({
      kind: 'pull-request',
      baseRef: 'main',
      baseSha: '1111111111111111111111111111111111111111'
    })
    expect(await coverageEvent(pullRequest('pull_request_target'))).toEqual({ kind: 'other' })
    expect(
      await coverageEvent({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: path.join(EVENTS, 'none.json')
      })
    ).toEqual({ kind: 'other' })
  })
})

describe('prepareCoverageBase with the cache off', () => {
  const reporter: Reporter = {
    info: () => undefined,
    warning: () => undefined,
    output: () => undefined,
    group: (_title, fn) => fn()
  }
  const options = (inputs: Record<string, string>) => parseOptions((name) => inputs[name], REPO_ROOT)

  it('a pull request says there is no baseline and still measures the patch', async () => {
    const setup = await prepareCoverageBase(
      options({ stages: 'unit', cache: 'false' }),
      await readRunEvent(pullRequest()),
      reporter
    )
    expect(setup?.base).toEqual({
      patchBaseSha: '1111111111111111111111111111111111111111',
      compare: { missing: 'the cache is off (cache: false), so no baseline of the base branch was looked up' }
    })
  })

  it('a push says the baseline was not saved, once a full measurement was handed on', async () => {
    const setup = await prepareCoverageBase(
      options({ stages: 'unit', cache: 'false' }),
      await readRunEvent(push('refs/heads/main', 'main')),
      reporter
    )
    expect(await setup?.finish()).toBeUndefined()
    setup?.base.onFullCoverage?.(
      summarizeCoverage({ mode: 'set', blocks: [] }, { repoRoot: '/r', modules: [], exclude: [] })
    )
    expect(await setup?.finish()).toBe(
      'The coverage baseline was not saved: the cache is off (cache: false).'
    )
  })

  it('nothing without the unit stage', async () => {
    expect(
      await prepareCoverageBase(options({ stages: 'build' }), await readRunEvent(pullRequest()), reporter)
    ).toBeUndefined()
  })
})
