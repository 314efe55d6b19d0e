// The timings record through the bundled action and the local cache service: a push to the
// default branch saves what the unit stage measured, a later sharded run restores it and splits by
// it, a shard of several leaves the save to the merge job, cached results keep the older numbers, a
// pull request's shards take its base commit's record, and runs that are neither sharded nor on
// the default branch never call the service.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { restoreRecord } from '../../src/github/records.js'
import type { TimingsRecord } from '../../src/model/shard.js'
import { parseTimingsRecord, timingsKeyPrefix } from '../../src/shard/timings.js'
import { enterStep, makeSandbox, recordingReporter, removeSandbox, type Sandbox } from '../cache/harness.js'
import { type CacheServer, startCacheServer } from '../support/cache-server.js'
import { REPO_ROOT, runAction } from '../support/runner.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-many')
const PACKAGES = [
  'alpha',
  'bravo',
  'charlie',
  'delta',
  'echo',
  'foxtrot',
  'golf',
  'hotel',
  'india',
  'juliet',
  'kilo',
  'lima'
].map((p) => `example.com/shardmany/${p}`)
const PREFIX = timingsKeyPrefix({
  workingDirectory: '.',
  packages: ['./...'],
  integrationPackages: ['./...'],
  integrationTags: 'integration'
})

let server: CacheServer
let box: Sandbox
let scratch: string
let pushEvent: Record<string, string>
let prEvent: Record<string, string>

beforeAll(async () => {
  server = await startCacheServer()
  box = makeSandbox(false)
  scratch = mkdtempSync(path.join(tmpdir(), 'go-gate-timings-test-'))
  const payload = path.join(scratch, 'event.json')
  writeFileSync(payload, JSON.stringify({ repository: { default_branch: 'main' } }))
  const common = { ...server.env(), GITHUB_EVENT_PATH: payload }
  pushEvent = { ...common, GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' }
  prEvent = { ...common, GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF_NAME: '7/merge' }
})

afterAll(async () => {
  await server?.close()
  if (box) await removeSandbox(box)
  rmSync(scratch, { recursive: true, force: true })
})

const inputs = { stages: 'unit', race: 'false', cache: 'false' }

/** The newest record by the prefix, as the next run would restore it. */
async function newestRecord(): Promise<{ record?: TimingsRecord; key?: string }> {
  enterStep(box, server.env())
  // The cache client archives paths relative to the workspace: restore where the action saved.
  process.env.GITHUB_WORKSPACE = FIXTURE
  const restored = await restoreRecord('timings', [PREFIX], recordingReporter())
  const parsed = restored.content ? parseTimingsRecord(restored.content) : undefined
  return { record: parsed?.record, key: restored.matchedKey }
}

const sha = (n: number) => `${String(n).repeat(40)}`.slice(0, 40)

test('a push to the default branch saves every package’s time; a sharded pull request splits by it', async () => {
  const saved = await runAction({
    workspace: FIXTURE,
    inputs: { ...inputs, 'go-test-flags': '-count=1' },
    env: { ...pushEvent, GITHUB_SHA: sha(1) }
  })
  expect(saved.exitCode).toBe(0)
  expect(saved.stdout).toContain(
    `go-gate: saved the timings of 12 packages for later sharded runs (key ${PREFIX}${sha(1)}).`
  )
  const first = await newestRecord()
  expect(first.key).toBe(`${PREFIX}${sha(1)}`)
  expect(Object.keys(first.record?.packages ?? {}).sort()).toEqual(PACKAGES)
  expect(first.record?.integration).toBeUndefined()

  const entries = server.entries.length
  const shard = await runAction({
    workspace: FIXTURE,
    inputs: { ...inputs, shard: '2/3' },
    env: { ...prEvent, GITHUB_SHA: sha(2) }
  })
  expect(shard.exitCode).toBe(0)
  expect(shard.summary).toMatch(
    /\*\*unit:\*\* Shard 2\/3 ran \d+ of 12 packages, assigned by the test times measured in an earlier run \(12 of 12 packages timed\): /
  )
  expect(shard.stdout).toContain(`restored the timings of 12 packages (key ${PREFIX}${sha(1)})`)
  // A pull request saves nothing.
  expect(server.entries.length).toBe(entries)
})

test('a shard of several on the default branch saves nothing: its siblings must split by the same record', async () => {
  const entries = server.entries.length
  const run = await runAction({
    workspace: FIXTURE,
    inputs: { ...inputs, shard: '1/3', 'go-test-flags': '-count=1' },
    env: { ...pushEvent, GITHUB_SHA: sha(3) }
  })
  expect(run.exitCode).toBe(0)
  expect(run.summary).toContain(
    'assigned by the test times measured in an earlier run (12 of 12 packages timed)'
  )
  // A leg of the matrix that starts later would restore this leg's record and split differently;
  // the merge job saves the record of all shards (shard/end-to-end.e2e.test.ts).
  expect(server.entries.length).toBe(entries)
  expect(run.stdout).toContain(
    "go-gate: this shard's timings go to the merge job (mode: merge) in its result, which saves the timings of all shards."
  )
})

test('cached results keep the older numbers: go test did not run them', async () => {
  // Fill go's test cache, on a pull request (nothing saved), then push: every result is (cached).
  const fill = await runAction({ workspace: FIXTURE, inputs, env: { ...prEvent, GITHUB_SHA: sha(4) } })
  expect(fill.exitCode).toBe(0)
  const before = (await newestRecord()).record
  const cached = await runAction({ workspace: FIXTURE, inputs, env: { ...pushEvent, GITHUB_SHA: sha(5) } })
  expect(cached.exitCode).toBe(0)
  expect(cached.summary).toContain('passed (cached)')
  const after = await newestRecord()
  // lima (no tests) is timed afresh each run; should its time match to the millisecond, nothing is new.
  if (after.key !== `${PREFIX}${sha(5)}`)
    expect(cached.stdout).toContain('No package was timed afresh, so the timings record was not saved again.')
  // lima has no tests: go test has no result to cache and builds it for coverage every time.
  const withTests = (r?: TimingsRecord) =>
    Object.fromEntries(Object.entries(r?.packages ?? {}).filter(([p]) => !p.endsWith('/lima')))
  expect(Object.keys(withTests(after.record))).toHaveLength(11)
  expect(withTests(after.record)).toEqual(withTests(before))
  expect(cached.summary).toMatch(/^\| unit \| `example\.com\/shardmany\/lima` \| no tests \|/m)
})

test('the shards of a pull request restore the record of its base commit, however many are newer', async () => {
  const newest = await newestRecord()
  expect(newest.key).not.toBe(`${PREFIX}${sha(1)}`)
  const payload = path.join(scratch, 'pull-request.json')
  writeFileSync(
    payload,
    JSON.stringify({ repository: { default_branch: 'main' }, pull_request: { base: { sha: sha(1) } } })
  )
  const run = await runAction({
    workspace: FIXTURE,
    inputs: { ...inputs, shard: '3/3' },
    env: { ...prEvent, GITHUB_EVENT_PATH: payload, GITHUB_SHA: sha(7) }
  })
  expect(run.exitCode).toBe(0)
  expect(run.stdout).toContain(`restored the timings of 12 packages (key ${PREFIX}${sha(1)})`)
})

test('a run neither sharded nor on the default branch never calls the cache service', async () => {
  const calls = server.calls.length
  const run = await runAction({ workspace: FIXTURE, inputs, env: { ...prEvent, GITHUB_SHA: sha(6) } })
  expect(run.exitCode).toBe(0)
  expect(server.calls.length).toBe(calls)
  expect(run.stdout).not.toContain('timings')
})
