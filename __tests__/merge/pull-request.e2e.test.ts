// A sharded pull request is compared with its base branch on the merged total, as one run is: a
// push to main saves the coverage baseline; on the pull request (which adds a function to p03)
// the legs leave the comparison and patch coverage to the merge, and the merge job gives the same
// coverage, delta against main and patch coverage as one unsharded run of the pull request.
// Real Go, real git, the bundled action, one results service (cache and artifact stand-ins).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { RunReport } from '../../src/model/report.js'
import { readReportJson } from '../../src/report/report-json.js'
import { startArtifactServer, tokenScope } from '../support/artifact-server.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import { git } from '../support/git.js'
import { joinResultsServices } from '../support/results-service.js'
import { type ActionRun, REPO_ROOT, runAction } from '../support/runner.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge')

/** Every test runs in every leg; -coverpkg=./... as the packages call each other; cache on for the baseline. */
const inputs = {
  stages: 'unit',
  race: 'false',
  cache: 'true',
  'fail-fast': 'false',
  'coverage-packages': './...'
}
const SIGN = `
// Sign says whether x is negative, zero or positive.
func Sign(x int) string {
	switch {
	case x < 0:
		return "negative"
	case x == 0:
		return "zero"
	default:
		return "positive"
	}
}
`

let root: string
let cache: CacheServer
let baseSha: string
let headSha: string
let prWhole: ActionRun
let legs: ActionRun[]
let merge: ActionRun

function unitOf(run: ActionRun): NonNullable<RunReport['stages'][number]> {
  const file = run.outputs['report-file']
  const report = readReportJson(readFileSync(file, 'utf8'), file).report
  const unit = report.stages.find((s) => s.stage === 'unit')
  if (!unit) throw new Error('no unit stage in the report')
  return unit
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-merge-pr-'))
  const repo = path.join(root, 'repo')
  cpSync(FIXTURE, repo, { recursive: true })
  // main: every test passes (a baseline is saved only then), and p03 has no Sign yet.
  const p07Test = path.join(repo, 'p07', 'p07_test.go')
  writeFileSync(
    p07Test,
    readFileSync(p07Test, 'utf8').replace('Scale(600, 2); got != 1200', 'Scale(400, 2); got != 800')
  )
  const p03 = path.join(repo, 'p03', 'p03.go')
  const withSign = readFileSync(p03, 'utf8')
  expect(withSign).toContain(SIGN)
  writeFileSync(p03, withSign.replace(SIGN, ''))
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'main')
  baseSha = git(repo, 'rev-parse', 'HEAD')
  // The pull request adds Sign back: p05's TestSign is in another package, so with -coverpkg the
  // statements it covers depend on which binaries ran; the merge must count them as one run does.
  git(repo, 'checkout', '-q', '-b', 'feature')
  writeFileSync(p03, withSign)
  git(repo, 'commit', '-q', '-am', 'feature: Sign')
  headSha = git(repo, 'rev-parse', 'HEAD')

  cache = await startCacheServer({ acceptsToken: (token) => tokenScope(token) !== undefined })
  const payload = (name: string, body: object) => {
    const file = path.join(root, name)
    writeFileSync(file, JSON.stringify({ repository: { default_branch: 'main' }, ...body }))
    return file
  }
  const pushEvent = {
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF_NAME: 'main',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_EVENT_PATH: payload('push.json', {}),
    GITHUB_SHA: baseSha
  }
  const prEvent = {
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_REF_NAME: '7/merge',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_EVENT_PATH: payload('pull_request.json', {
      pull_request: { number: 7, base: { ref: 'main', sha: baseSha }, head: { ref: 'feature', sha: headSha } }
    }),
    GITHUB_SHA: headSha
  }
  const main = path.join(root, 'main')
  git(root, 'clone', '-q', '--branch', 'main', `file://${repo}`, main)
  const feature = path.join(root, 'feature')
  git(root, 'clone', '-q', '--branch', 'feature', `file://${repo}`, feature)

  // One unsharded push to main saves the baseline; one unsharded run of the pull request is the reference.
  const artifacts = await startArtifactServer('run-pr')
  const results = await joinResultsServices(cache, artifacts)
  try {
    const push = await runAction({ workspace: main, inputs, env: { ...results.env('push'), ...pushEvent } })
    expect(push.outputs.result).toBe('success')
    prWhole = await runAction({ workspace: feature, inputs, env: { ...results.env('whole'), ...prEvent } })
    legs = []
    for (const i of [1, 2, 3]) {
      legs.push(
        await runAction({
          workspace: feature,
          inputs: { ...inputs, shard: `${i}/3` },
          env: { ...results.env(`leg-${i}`), ...prEvent, GITHUB_JOB: 'test' }
        })
      )
    }
    merge = await runAction({
      workspace: feature,
      inputs: { mode: 'merge' },
      env: { ...results.env('merge'), ...prEvent, GITHUB_JOB: 'merge' }
    })
  } finally {
    await results.close()
    await artifacts.close()
  }
}, 400_000)

afterAll(async () => {
  await cache?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

test('the legs leave the comparison and patch coverage to the merged total', () => {
  for (const leg of legs) {
    expect(leg.outputs.result).toBe('success')
    expect(leg.summary).toContain(
      'so the comparison with the base branch and patch coverage are checked on the merged total (mode: merge), not here.'
    )
    expect(unitOf(leg).coverageComparison).toBeUndefined()
    expect(unitOf(leg).patchCoverage).toBeUndefined()
  }
})

test('the merge compares the merged total with main and measures the changed lines as one run does', () => {
  const one = unitOf(prWhole)
  const merged = unitOf(merge)
  // The reference compared and measured something: a baseline of main, and Sign's statements.
  expect(one.coverageComparison?.base).toEqual({
    branch: 'main',
    sha: baseSha,
    percent: expect.any(Number)
  })
  expect(one.patchCoverage?.statements).toBeGreaterThan(0)
  expect(merge.outputs.result).toBe('success')
  expect(merge.outputs.coverage).toBe(prWhole.outputs.coverage)
  expect(merged.coverageComparison).toEqual(one.coverageComparison)
  expect(merged.patchCoverage).toEqual(one.patchCoverage)
  const coverageLine = (summary: string) => /\*\*Coverage:\*\* [^·\n]*/.exec(summary)?.[0]
  expect(coverageLine(prWhole.summary)).toContain(`against main@${baseSha.slice(0, 7)}`)
  expect(coverageLine(merge.summary)).toBe(coverageLine(prWhole.summary))
})
