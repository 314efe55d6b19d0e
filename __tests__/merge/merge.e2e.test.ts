// A sharded run merged through the bundled action (mode: merge) and the artifact stand-in: the
// shard-merge fixture's twelve packages run as three "shards" (runs with disjoint `packages`,
// their results uploaded as a shard's are), merged into the same counts, root cause and coverage
// as one unsharded run, and the coverage total `go tool cover -func` prints. A missing shard is
// named; a shard with no packages changes nothing. The merged profile with -coverpkg repeats
// blocks across shards: it is merged exactly, in set and in count mode.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { readCoverageProfiles } from '../../src/coverage/index.js'
import { shardArtifactName, shardArtifactStem, uploadShardResult } from '../../src/github/shard-artifact.js'
import type { RunReport } from '../../src/model/report.js'
import type { Reporter } from '../../src/pipeline/context.js'
import { RESULT_FILES } from '../../src/pipeline/results.js'
import { readReportJson, serializeReport } from '../../src/report/report-json.js'
import { type ArtifactServer, startArtifactServer } from '../support/artifact-server.js'
import { goToolCoverTotal as goCoverTotal, goTestProfile as goProfile } from '../support/go-cover.js'
import { summaryHeadline } from '../support/markdown.js'
import { type ActionRun, REPO_ROOT, runAction } from '../support/runner.js'
import { closedPort } from '../support/twirp-blob.js'
import { elements, parseXml } from '../support/xml.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge')
const MODULE = 'example.com/shardmerge'
const PACKAGES = Array.from({ length: 12 }, (_, i) => `./p${String(i + 1).padStart(2, '0')}`)
/** Every test runs, whatever fails (as in each shard); -coverpkg makes every binary list every block. */
const testInputs = {
  stages: 'unit',
  race: 'false',
  cache: 'false',
  'fail-fast': 'false',
  'coverage-packages': './...'
}
const JOB = 'test'

let workspace: string
let whole: ActionRun
/** Each shard's results folder, as its run left it, by index (1-based). */
const shardDirs = new Map<number, string>()
const servers: ArtifactServer[] = []

const quiet: Reporter = {
  info: () => undefined,
  warning: (message) => {
    throw new Error(message)
  },
  output: () => undefined,
  group: (_title, fn) => fn()
}

/** The packages of shard `index` of 3: every third one. */
function shareOf(index: number): string[] {
  return PACKAGES.filter((_, i) => (i % 3) + 1 === index)
}

/** The `total:` percent of `go tool cover -func` on a profile of `go test ./...` with the shards' flags. */
const goToolCoverTotal = (profile: string) => goCoverTotal(workspace, profile)
const goTestProfile = (packages: string[], mode: 'set' | 'count') => goProfile(workspace, packages, mode)

/** Marks a run's report as shard `index` of `count` (what the shard input sets) and uploads its folder. */
async function uploadAsShard(
  server: ArtifactServer,
  dir: string,
  index: number,
  count: number,
  attempt = 1,
  /** The split the shard says it ran by (the shards of one run agree on it); none: not said. */
  splitId?: string
): Promise<void> {
  const file = path.join(dir, RESULT_FILES.report)
  const read = readReportJson(readFileSync(file, 'utf8'), file)
  read.report.shard = {
    shard: { index, count },
    basis: 'test-count',
    packages: [],
    totalPackages: PACKAGES.length,
    load: 0,
    maxLoad: 0,
    reason: 'given by the test',
    ...(splitId ? { splitId } : {})
  }
  const unit = read.report.stages.find((s) => s.stage === 'unit')
  if (unit) unit.shard = splitId ? read.report.shard : undefined
  writeFileSync(file, serializeReport(read.report, read.modules))
  const files = Object.values(RESULT_FILES)
    .map((name) => path.join(dir, name))
    .filter((f) => {
      try {
        readFileSync(f)
        return true
      } catch {
        return false
      }
    })
  const saved = { ...process.env }
  Object.assign(process.env, server.env(`job-shard-${index}`), { GITHUB_WORKSPACE: workspace })
  try {
    expect(
      await uploadShardResult(shardArtifactName({ index, count }, JOB, '.', attempt), files, dir, quiet)
    ).toBe(true)
  } finally {
    process.env = saved
  }
}

/**
 * A shard's artifact that holds no report.json: what nektos/act v0.2.89 lists for an upload whose
 * blob was refused (it lists every artifact it created, finished or not).
 */
async function uploadUnfinished(server: ArtifactServer, index: number, count: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-unfinished-shard-'))
  const file = path.join(dir, RESULT_FILES.timings)
  writeFileSync(file, '{}\n')
  const saved = { ...process.env }
  Object.assign(process.env, server.env(`job-shard-${index}`), { GITHUB_WORKSPACE: workspace })
  try {
    expect(await uploadShardResult(shardArtifactName({ index, count }, JOB, '.'), [file], dir, quiet)).toBe(
      true
    )
  } finally {
    process.env = saved
  }
}

/** A shard that was given no packages: its unit stage is skipped and it leaves only its report. */
function emptyShardDir(index: number, count: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'go-gate-empty-shard-'))
  const report: RunReport = {
    result: 'success',
    stages: [
      {
        stage: 'unit',
        status: 'skipped',
        skipReason: `shard ${index} of ${count} has no packages`,
        durationMs: 0,
        failures: [],
        notices: [],
        notes: []
      }
    ],
    setupFailures: [],
    tests: { passed: 0, failed: 0, skipped: 0 },
    durationMs: 5,
    workingDirectory: '.'
  }
  writeFileSync(path.join(dir, RESULT_FILES.report), serializeReport(report))
  return dir
}

async function merge(server: ArtifactServer, inputs: Record<string, string> = {}): Promise<ActionRun> {
  return runAction({
    workspace,
    inputs: { mode: 'merge', ...inputs },
    env: { ...server.env('job-merge'), GITHUB_JOB: 'merge' }
  })
}

async function freshServer(): Promise<ArtifactServer> {
  const server = await startArtifactServer(`run-${servers.length + 1}`)
  servers.push(server)
  return server
}

beforeAll(async () => {
  workspace = mkdtempSync(path.join(os.tmpdir(), 'go-gate-merge-ws-'))
  cpSync(FIXTURE, workspace, { recursive: true })
  whole = await runAction({ workspace, inputs: testInputs })
  for (const index of [1, 2, 3]) {
    const run = await runAction({ workspace, inputs: { ...testInputs, packages: shareOf(index).join(' ') } })
    expect(run.outputs['report-file']).toMatch(/report\.json$/)
    shardDirs.set(index, path.dirname(run.outputs['report-file']))
  }
}, 170_000)

afterEach(async () => {
  for (const server of servers.splice(0)) await server.close()
})

describe('mode: merge', () => {
  test('three shards merge into what one run says: counts, root cause, annotation, coverage as go tool cover', async () => {
    const server = await freshServer()
    for (const index of [1, 2, 3]) await uploadAsShard(server, shardDirs.get(index) as string, index, 3)
    const run = await merge(server, { 'junit-file': 'reports/junit.xml' })

    expect(whole.outputs.result).toBe('failure')
    expect(run.exitCode).toBe(1)
    for (const name of [
      'result',
      'tests-passed',
      'tests-failed',
      'tests-skipped',
      'root-cause-kind',
      'failed-stage'
    ])
      expect([name, run.outputs[name]]).toEqual([name, whole.outputs[name]])
    expect(run.outputs['root-cause']).toBe(whole.outputs['root-cause'])
    expect(summaryHeadline(run.summary)).toBe(summaryHeadline(whole.summary))
    const errors = run.annotations.filter((a) => a.severity === 'error')
    expect(errors.map((a) => [a.file, a.line])).toEqual([['p07/p07_test.go', 7]])

    // The same total as one run, and as go tool cover -func on one `go test -coverpkg=./... ./...`.
    expect(run.outputs.coverage).toBe(whole.outputs.coverage)
    expect(run.outputs.coverage).toBe(goToolCoverTotal(goTestProfile(['./...'], 'set')))

    // The merged report is a report file too, and JUnit reads back with the merged counts.
    const merged = readReportJson(readFileSync(run.outputs['report-file'], 'utf8'), 'merged').report
    expect(merged.shard).toBeUndefined()
    const junit = parseXml(readFileSync(path.join(workspace, 'reports', 'junit.xml'), 'utf8'))
    const cases = elements(junit, 'testcase')
    const counted = ['tests-passed', 'tests-failed', 'tests-skipped'].map((n) => Number(run.outputs[n]))
    expect(cases.length).toBe(counted[0] + counted[1] + counted[2])
    expect(elements(junit, 'skipped').length).toBe(counted[2])
    const failures = elements(junit, 'failure')
    expect(failures.map((f) => f.attributes.message)).toEqual(['Scale(600, 2) = 1000, want 1200 (no clamp)'])
  })

  test('a missing shard fails the merge with a sentence naming it', async () => {
    const server = await freshServer()
    // Shard 1 holds p07, the failing package: without it, the missing shard is what explains the run.
    for (const index of [2, 3]) await uploadAsShard(server, shardDirs.get(index) as string, index, 3)
    const run = await merge(server, { 'coverage-threshold': '99' })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('cancelled')
    expect(run.outputs['root-cause']).toBe(
      'The unit stage failed because the job was cancelled: Shard 1 of 3 left no result (cancelled or crashed?)'
    )
    expect(summaryHeadline(run.summary)).toContain('Shard 1 of 3 left no result (cancelled or crashed?)')
    // Coverage of two shards of three is partial: reported, never gated.
    expect(run.summary).toContain(
      'is partial because shard 1 of 3 left no result, so the 99% threshold was not checked'
    )
    expect(Number(run.outputs['tests-passed'])).toBeLessThan(Number(whole.outputs['tests-passed']))
  })

  test('an artifact without report.json (an upload that never finished, as nektos/act lists it) names its shard missing, not an error inside go-gate', async () => {
    const server = await freshServer()
    await uploadUnfinished(server, 1, 3)
    for (const index of [2, 3]) await uploadAsShard(server, shardDirs.get(index) as string, index, 3)
    const run = await merge(server)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('cancelled')
    expect(run.outputs['root-cause']).toBe(
      'The unit stage failed because the job was cancelled: Shard 1 of 3 left no result (cancelled or crashed?)'
    )
    expect(run.summary).toContain(
      `The artifact ${shardArtifactStem({ index: 1, count: 3 }, JOB, '.')}-a<attempt> holds no report.json (an upload that did not finish, or not go-gate's), so the packages of shard 1 are not in this result.`
    )
    expect(run.annotations.filter((a) => a.severity === 'warning').map((a) => a.message)).toContain(
      `go-gate found the artifact ${shardArtifactName({ index: 1, count: 3 }, JOB, '.')}, but it holds no report.json (an upload that did not finish, or not go-gate's).`
    )
  })

  test('only artifacts without report.json: no shard left a result, each named', async () => {
    const server = await freshServer()
    for (const index of [1, 2, 3]) await uploadUnfinished(server, index, 3)
    const run = await merge(server)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('cancelled')
    expect(run.outputs['root-cause']).toBe(
      'The unit stage failed because the job was cancelled: No shard left a result (cancelled or crashed?)'
    )
    for (const index of [1, 2, 3])
      expect(run.summary).toContain(
        `The artifact of shard ${index} holds no report.json (an upload that did not finish, or not go-gate's).`
      )
  })

  test('shards that split the packages differently fail the merge, and that is the root cause before any test', async () => {
    const server = await freshServer()
    // Shard 1 holds p07's failing test; shard 2 says it split by another record.
    for (const index of [1, 2, 3])
      await uploadAsShard(server, shardDirs.get(index) as string, index, 3, 1, index === 2 ? 'other' : 'same')
    const run = await merge(server)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('internal-error')
    expect(summaryHeadline(run.summary)).toContain(
      'The shards split the packages differently, so some may have run twice or not at all: run the workflow again'
    )
    // Which shards split how is told under it.
    expect(run.summary).toContain('(shard 1, 3 by test functions; shard 2 by test functions)')
    // The test failure is still reported, after it.
    expect(run.summary).toContain('Scale(600, 2) = 1000, want 1200 (no clamp)')
    // The same split everywhere is merged as before.
    const agreed = await freshServer()
    for (const index of [1, 2, 3])
      await uploadAsShard(agreed, shardDirs.get(index) as string, index, 3, 1, 'same')
    expect((await merge(agreed)).outputs['root-cause']).toBe(whole.outputs['root-cause'])
  })

  test('a shard with no packages adds nothing: four shards merge as three', async () => {
    const server = await freshServer()
    for (const index of [1, 2, 3]) await uploadAsShard(server, shardDirs.get(index) as string, index, 4)
    await uploadAsShard(server, emptyShardDir(4, 4), 4, 4)
    const run = await merge(server)
    for (const name of ['tests-passed', 'tests-failed', 'tests-skipped', 'root-cause', 'coverage'])
      expect([name, run.outputs[name]]).toEqual([name, whole.outputs[name]])
  })

  test('a shard re-run in a later attempt: its newest result stands', async () => {
    const server = await freshServer()
    // Attempt 1 of shard 2 left an empty result (say it was cut off); attempt 2 ran its packages.
    await uploadAsShard(server, emptyShardDir(2, 3), 2, 3, 1)
    for (const index of [1, 2, 3]) await uploadAsShard(server, shardDirs.get(index) as string, index, 3, 2)
    const run = await merge(server)
    for (const name of ['tests-passed', 'tests-failed', 'tests-skipped', 'coverage'])
      expect([name, run.outputs[name]]).toEqual([name, whole.outputs[name]])
  })

  test('an artifact service that cannot be listed is a dependency failure naming ACTIONS_RESULTS_URL', async () => {
    const server = await freshServer()
    const down = `http://127.0.0.1:${await closedPort()}/`
    const run = await runAction({
      workspace,
      inputs: { mode: 'merge' },
      env: { ...server.env('job-merge'), ACTIONS_RESULTS_URL: down, GITHUB_JOB: 'merge' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('dependency')
    expect(run.outputs['root-cause']).toMatch(
      /could not list this workflow run's artifacts: Failed to ListArtifacts/
    )
    expect(run.summary).toContain(
      `The merge reads the shards' results from the workflow run's artifact service, which the runner names in ACTIONS_RESULTS_URL (${down}).`
    )
  })

  test('no shard result at all is named, not a crash', async () => {
    const server = await freshServer()
    const run = await merge(server)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause']).toBe(
      'The unit stage failed because the job was cancelled: No shard left a result (cancelled or crashed?)'
    )
  })
})

describe('merged coverage profiles', () => {
  const opts = () => ({ repoRoot: workspace, modules: [{ path: MODULE, dir: workspace }], exclude: [] })

  test.each(['set', 'count'] as const)(
    '%s mode: blocks every shard repeats (-coverpkg) merge to go tool cover -func’s total',
    async (mode) => {
      const shards = [1, 2, 3].map((index) => goTestProfile(shareOf(index), mode))
      const merged = await readCoverageProfiles(shards, 'three shards', opts())
      const single = goTestProfile(['./...'], mode)
      expect(merged.percentText).toBe(goToolCoverTotal(single))
      // Block by block the same as one run: a block several shards list counts once.
      const one = await readCoverageProfiles([single], 'one run', opts())
      expect([merged.statements, merged.covered]).toEqual([one.statements, one.covered])
      expect(merged.packages).toEqual(one.packages)
    }
  )

  test('profiles of different modes are refused', async () => {
    const set = goTestProfile(shareOf(1), 'set')
    const count = goTestProfile(shareOf(2), 'count')
    await expect(readCoverageProfiles([set, count], 'two shards', opts())).rejects.toThrow(
      /mode "count" differs from "set" set earlier; profiles of different -covermode cannot be merged/
    )
  })
})
