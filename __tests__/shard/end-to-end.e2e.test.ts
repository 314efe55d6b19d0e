// The whole sharded workflow through the bundled action, as GitHub runs it: a matrix job of three
// legs (`shard: i/3`, one workflow run, one GITHUB_JOB, each leg its own runtime token) that upload
// their results from the main step, then the merge job (`mode: merge`) that downloads them, all
// against one results service (the artifact stand-in of the workflow run and the repository's
// cache stand-in). The merge says what one unsharded run says, with the coverage total go tool
// cover gives. On a push to the default branch the merge saves the merged timings; the next
// workflow run (a pull request) splits by them; a shard of it that never ran fails its merge.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { timingsKeyPrefix } from '../../src/shard/timings.js'
import { type ArtifactServer, startArtifactServer, tokenScope } from '../support/artifact-server.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import { goTestProfile, goToolCoverTotal } from '../support/go-cover.js'
import { summaryHeadline } from '../support/markdown.js'
import { joinResultsServices } from '../support/results-service.js'
import { type ActionRun, REPO_ROOT, runAction } from '../support/runner.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge')
const JOB = 'test'
/** Every test runs in every leg whatever fails; -coverpkg=./... as the packages call each other. */
const testInputs = {
  stages: 'unit',
  race: 'false',
  cache: 'false',
  'fail-fast': 'false',
  'coverage-packages': './...',
  'coverage-threshold': '50'
}
const PREFIX = timingsKeyPrefix({
  workingDirectory: '.',
  packages: ['./...'],
  integrationPackages: ['./...'],
  integrationTags: 'integration'
})
const PUSH_SHA = 'a'.repeat(40)
const PR_SHA = 'b'.repeat(40)

let scratch: string
let workspace: string
let cache: CacheServer
const artifactServers: ArtifactServer[] = []

let whole: ActionRun
/** Workflow run 1, a push to main: the three legs, then the merge. */
let pushLegs: ActionRun[]
let pushMerge: ActionRun
/** Workflow run 2, a pull request on top of it: legs 1 and 2 ran, leg 3 was cancelled. */
let prLegs: ActionRun[]
let prMerge: ActionRun

/** One workflow run: the matrix legs `shard: i/n` for each i in `legs`, then the merge job. */
async function workflowRun(
  runId: string,
  legs: number[],
  event: Record<string, string>
): Promise<{ legs: ActionRun[]; merge: ActionRun }> {
  const artifacts = await startArtifactServer(runId)
  artifactServers.push(artifacts)
  const results = await joinResultsServices(cache, artifacts)
  try {
    const ran: ActionRun[] = []
    for (const i of legs) {
      ran.push(
        await runAction({
          workspace,
          inputs: { ...testInputs, shard: `${i}/3` },
          env: { ...results.env(`leg-${i}`), ...event, GITHUB_RUN_ID: runId, GITHUB_JOB: JOB }
        })
      )
    }
    const merge = await runAction({
      workspace,
      inputs: { mode: 'merge', 'coverage-threshold': testInputs['coverage-threshold'] },
      env: { ...results.env('merge'), ...event, GITHUB_RUN_ID: runId, GITHUB_JOB: 'merge' }
    })
    return { legs: ran, merge }
  } finally {
    await results.close()
  }
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'go-gate-shard-e2e-'))
  workspace = path.join(scratch, 'repo')
  cpSync(FIXTURE, workspace, { recursive: true })
  // The cache service takes any job's runtime token, as the one results service on github.com does.
  cache = await startCacheServer({ acceptsToken: (token) => tokenScope(token) !== undefined })
  const payload = (name: string, body: object) => {
    const file = path.join(scratch, name)
    writeFileSync(file, JSON.stringify({ repository: { default_branch: 'main' }, ...body }))
    return file
  }
  whole = await runAction({ workspace, inputs: testInputs, env: { GITHUB_SHA: PUSH_SHA } })
  const push = await workflowRun('run-1', [1, 2, 3], {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_PATH: payload('push.json', {}),
    GITHUB_SHA: PUSH_SHA
  })
  pushLegs = push.legs
  pushMerge = push.merge
  const pr = await workflowRun('run-2', [1, 2], {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF_NAME: '7/merge',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_EVENT_PATH: payload('pull-request.json', { pull_request: { base: { sha: PUSH_SHA } } }),
    GITHUB_SHA: PR_SHA
  })
  prLegs = pr.legs
  prMerge = pr.merge
}, 600_000)

afterAll(async () => {
  for (const server of artifactServers) await server.close()
  await cache?.close()
  rmSync(scratch, { recursive: true, force: true })
})

describe('three matrix legs and the merge job', () => {
  test('every leg ran its share and uploaded it from its main step', () => {
    for (const [i, leg] of pushLegs.entries()) {
      expect(leg.summary).toContain(`**unit:** Shard ${i + 1}/3 ran `)
      expect(leg.stdout).toContain(
        `go-gate: uploaded this shard's result as the artifact go-gate-shard-${i + 1}-of-3-${JOB}-`
      )
    }
    // Each leg uploaded with its own runtime token, as its own job of the workflow run.
    expect(artifactServers[0].artifacts.map((a) => [a.name.slice(0, 20), a.jobId])).toEqual([
      ['go-gate-shard-1-of-3', 'leg-1'],
      ['go-gate-shard-2-of-3', 'leg-2'],
      ['go-gate-shard-3-of-3', 'leg-3']
    ])
    const ran = pushLegs.map((leg) => Number(leg.outputs['tests-passed']))
    expect(ran.reduce((a, b) => a + b, 0)).toBe(Number(whole.outputs['tests-passed']))
  })

  test('the merge says what one unsharded run says: outputs, first sentence, annotations', () => {
    expect(whole.outputs.result).toBe('failure')
    expect(pushMerge.exitCode).toBe(1)
    for (const name of [
      'result',
      'failed-stage',
      'root-cause-kind',
      'root-cause',
      'tests-passed',
      'tests-failed',
      'tests-skipped',
      'coverage'
    ])
      expect([name, pushMerge.outputs[name]]).toEqual([name, whole.outputs[name]])
    expect(summaryHeadline(pushMerge.summary)).toBe(summaryHeadline(whole.summary))
    expect(pushMerge.annotations).toEqual(whole.annotations)
    expect(pushMerge.annotations.filter((a) => a.severity === 'error').map((a) => [a.file, a.line])).toEqual(
      expect.arrayContaining([['p07/p07_test.go', 7]])
    )
    // The merge job's coverage-threshold gates the merged total (the legs leave it alone).
    expect(pushMerge.summary).toContain(`Total coverage ${whole.outputs.coverage}% (`)
    expect(pushMerge.summary).toMatch(/statements\); threshold 50%; gap /)
  })

  test('the merged coverage is go tool cover -func’s total of go test -coverpkg=./... -coverprofile', () => {
    expect(pushMerge.outputs.coverage).toBe(
      goToolCoverTotal(workspace, goTestProfile(workspace, ['./...'], 'set'))
    )
  })
})

describe('timings on a push to the default branch, used by the next run', () => {
  // p07 failed: a failed package ended early, so it keeps the number of the record before (none).
  test('the merge saves the merged record of every package that passed, under the push’s commit', () => {
    expect(pushMerge.stdout).toContain(
      `go-gate: saved the timings of 11 packages for later sharded runs (key ${PREFIX}${PUSH_SHA}).`
    )
    expect(cache.entries.filter((e) => e.finalized).map((e) => e.key)).toEqual([`${PREFIX}${PUSH_SHA}`])
  })

  test('the pull request’s legs restore it and split by it', () => {
    for (const [i, leg] of prLegs.entries()) {
      expect(leg.stdout).toContain(`restored the timings of 11 packages (key ${PREFIX}${PUSH_SHA})`)
      expect(leg.summary).toMatch(
        new RegExp(
          `\\*\\*unit:\\*\\* Shard ${i + 1}/3 ran \\d+ of 12 packages, assigned by the test times measured in an earlier run \\(11 of 12 packages timed; `
        )
      )
    }
  })
})

test('a leg that never ran (cancelled) fails the merge with a sentence naming it', () => {
  expect(prMerge.exitCode).toBe(1)
  expect(prMerge.outputs.result).toBe('failure')
  const missing = 'Shard 3 of 3 left no result (cancelled or crashed?)'
  expect(prMerge.summary).toContain(missing)
  // The split follows measured times, so p07's failing test may have been in the missing leg: then
  // the missing leg is what explains the run; else the failing test does, with the missing leg after it.
  const ranTheFailure = prLegs.some((leg) => leg.outputs['tests-failed'] === '1')
  expect(prMerge.outputs['root-cause']).toBe(
    ranTheFailure
      ? whole.outputs['root-cause']
      : `The unit stage failed because the job was cancelled: ${missing}`
  )
  // Two legs of three measured part of the coverage: reported, not gated.
  expect(prMerge.summary).toContain(
    'is partial because shard 3 of 3 left no result, so the 50% threshold was not checked'
  )
})
