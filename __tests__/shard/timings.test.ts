// The timings record: built from a run (cached, failed and stopped packages keep the older
// number), merged across shards, keyed, read back with its schema checked. Pure: plain data.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { parseRunEvent, type RunEventEnv } from '../../src/event/run-event.js'
import { timingsPlan } from '../../src/github/run-event.js'
import type { PackageResult, RunReport, StageResult } from '../../src/model/report.js'
import type { ShardAssignment, TimingsRecord } from '../../src/model/shard.js'
import {
  mergeTimings,
  parseTimingsRecord,
  savesTimings,
  serializeTimings,
  timingsFromReport,
  timingsKey,
  timingsKeyPrefix,
  timingsRestoreKeys
} from '../../src/shard/timings.js'
import { REPO_ROOT } from '../support/runner.js'

const payloadOf = (name: string) =>
  readFileSync(path.join(REPO_ROOT, '__tests__', 'fixtures', 'events', `${name}.json`), 'utf8')
/** The event of a run in `env`, with the push fixture's payload unless told (default branch main). */
const event = (env: RunEventEnv, payload = payloadOf('push')) => parseRunEvent(payload, env)
const PUSH_ENV = { GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: 'main' }
const pushTo = (branch: string, payload?: string) =>
  event({ GITHUB_EVENT_NAME: 'push', GITHUB_REF_NAME: branch }, payload)

const result = (
  importPath: string,
  status: PackageResult['status'],
  elapsedSeconds?: number,
  cached = false
): PackageResult => ({
  importPath,
  status,
  elapsedSeconds,
  cached,
  tests: { passed: 1, failed: 0, skipped: 0 }
})

function stage(
  name: 'unit' | 'integration',
  packages: PackageResult[],
  extra: Partial<StageResult> = {}
): StageResult {
  return {
    stage: name,
    status: 'passed',
    durationMs: 1,
    failures: [],
    notices: [],
    notes: [],
    packages,
    ...extra
  }
}

function report(stages: StageResult[], shard?: ShardAssignment): RunReport {
  return {
    result: 'success',
    stages,
    setupFailures: [],
    tests: { passed: 0, failed: 0, skipped: 0 },
    durationMs: 1,
    workingDirectory: '.',
    ...(shard ? { shard } : {})
  }
}

const assignment = (packages: string[]): ShardAssignment => ({
  shard: { index: 1, count: 2 },
  basis: 'timings',
  packages,
  totalPackages: 4,
  load: 1,
  maxLoad: 1,
  reason: ''
})

describe('timingsFromReport', () => {
  test('passed packages give their elapsed time; cached, failed and stopped ones keep the older number', () => {
    const previous: TimingsRecord = {
      schema: 1,
      packages: { 'm/a': 9, 'm/cached': 4, 'm/failed': 3, 'm/stopped': 2, 'm/gone': 1 }
    }
    const run = report([
      stage(
        'unit',
        [
          result('m/a', 'passed', 1.5),
          result('m/cached', 'passed', 0.01, true),
          result('m/failed', 'failed', 0.2),
          result('m/new', 'passed', 0.7),
          result('m/notests', 'no-tests', 0),
          result('m/newcached', 'passed', 0, true)
        ],
        { notRun: ['m/stopped'] }
      )
    ])
    // A whole run saw every package: m/gone is gone; m/newcached has no number to keep.
    expect(timingsFromReport(run, previous)).toEqual({
      schema: 1,
      packages: { 'm/a': 1.5, 'm/cached': 4, 'm/failed': 3, 'm/stopped': 2, 'm/new': 0.7, 'm/notests': 0 }
    })
    expect(timingsFromReport(run)).toEqual({
      schema: 1,
      packages: { 'm/a': 1.5, 'm/new': 0.7, 'm/notests': 0 }
    })
  })

  test("a shard keeps the other shards' numbers, and the integration stage has its own part", () => {
    const previous: TimingsRecord = {
      schema: 1,
      packages: { 'm/a': 9, 'm/b': 8 },
      integration: { 'm/db': 30 }
    }
    const unit = stage('unit', [result('m/a', 'passed', 2)], { shard: assignment(['m/a']) })
    const integration = stage('integration', [result('m/db', 'passed', 12), result('m/api', 'passed', 5)], {
      shard: assignment(['m/db', 'm/api'])
    })
    expect(timingsFromReport(report([unit, integration], unit.shard), previous)).toEqual({
      schema: 1,
      packages: { 'm/a': 2, 'm/b': 8 },
      integration: { 'm/db': 12, 'm/api': 5 }
    })
  })

  test('a stage that did not run keeps the previous part whole', () => {
    const previous: TimingsRecord = { schema: 1, packages: { 'm/a': 9 }, integration: { 'm/db': 30 } }
    const run = report([
      stage('unit', [result('m/a', 'passed', 1)]),
      stage('integration', [], { status: 'skipped' })
    ])
    expect(timingsFromReport(run, previous)).toEqual({
      schema: 1,
      packages: { 'm/a': 1 },
      integration: { 'm/db': 30 }
    })
  })
})

describe('mergeTimings', () => {
  test('the shards of a run as one record; a later record wins a package both have', () => {
    const merged = mergeTimings([
      { schema: 1, packages: { 'm/a': 1, 'm/b': 2 } },
      { schema: 1, packages: { 'm/b': 3, 'm/c': 4 }, integration: { 'm/db': 5 } }
    ])
    expect(merged).toEqual({
      schema: 1,
      packages: { 'm/a': 1, 'm/b': 3, 'm/c': 4 },
      integration: { 'm/db': 5 }
    })
    expect(mergeTimings([])).toEqual({ schema: 1, packages: {} })
  })
})

describe('the saved record', () => {
  test('serialized with sorted import paths and read back', () => {
    const record: TimingsRecord = { schema: 1, packages: { 'm/b': 2, 'm/a': 1 }, integration: { 'm/db': 3 } }
    const text = serializeTimings(record)
    expect(text).toBe('{"schema":1,"packages":{"m/a":1,"m/b":2},"integration":{"m/db":3}}\n')
    expect(parseTimingsRecord(text)).toEqual({ record })
  })

  test.each([
    ['not json', 'the saved timings record is not JSON'],
    ['[1]', 'the saved timings record has schema undefined; this go-gate reads 1'],
    ['{"schema":2,"packages":{}}', 'the saved timings record has schema 2; this go-gate reads 1'],
    ['{"schema":1,"packages":{"m/a":"1s"}}', 'the saved timings record does not map import paths to seconds'],
    ['{"schema":1,"packages":{"m/a":-1}}', 'the saved timings record does not map import paths to seconds'],
    ['{"schema":1}', 'the saved timings record does not map import paths to seconds']
  ])('%s is refused: %s', (text, problem) => {
    expect(parseTimingsRecord(text)).toEqual({ problem })
  })
})

describe('keys and when to save', () => {
  const scope = {
    workingDirectory: '.',
    packages: ['./...'],
    integrationPackages: ['./...'],
    integrationTags: 'integration'
  }

  test('one prefix per module and patterns, one key per commit and shard', () => {
    const prefix = timingsKeyPrefix(scope)
    expect(prefix).toMatch(/^go-gate-timings-v1-[0-9a-f]{16}-$/)
    expect(timingsKeyPrefix({ ...scope })).toBe(prefix)
    expect(timingsKeyPrefix({ ...scope, workingDirectory: 'api' })).not.toBe(prefix)
    expect(timingsKeyPrefix({ ...scope, packages: ['./internal/...'] })).not.toBe(prefix)
    expect(timingsKey(prefix, 'abc123')).toBe(`${prefix}abc123`)
    expect(timingsKey(prefix, 'abc123', { index: 2, count: 4 })).toBe(`${prefix}abc123-shard-2-of-4`)
  })

  test('restored by the base commit first, so the shards of a run agree, then the newest', () => {
    const base = 'a'.repeat(40)
    expect(timingsRestoreKeys('p-', base)).toEqual([`p-${base}`, 'p-'])
    expect(timingsRestoreKeys('p-')).toEqual(['p-'])
    // A new branch's first push has no before.
    expect(timingsRestoreKeys('p-', '0'.repeat(40))).toEqual(['p-'])
    expect(timingsRestoreKeys('p-', 'main')).toEqual(['p-'])
  })

  test('saved from a push to the default branch only', () => {
    expect(savesTimings(pushTo('main'))).toBe(true)
    expect(savesTimings(pushTo('feature'))).toBe(false)
    expect(
      savesTimings(
        event({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF_NAME: 'main' }, payloadOf('pull_request'))
      )
    ).toBe(false)
    expect(savesTimings(pushTo('main', '{}'))).toBe(false)
    expect(savesTimings(pushTo('', '{"repository":{"default_branch":""}}'))).toBe(false)
    expect(savesTimings(event({ ...PUSH_ENV, GITHUB_REF: 'refs/heads/main' }))).toBe(true)
    // A tag named like the default branch is not the branch.
    expect(savesTimings(event({ ...PUSH_ENV, GITHUB_REF: 'refs/tags/main' }))).toBe(false)
  })
})

describe('when the action restores and saves the record', () => {
  const tests = { stages: ['unit' as const], shard: undefined }
  const push = pushTo('main')
  const pr = event(
    { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF_NAME: '7/merge' },
    payloadOf('pull_request')
  )

  test('a shard restores to split; a push to the default branch restores to keep numbers, and saves', () => {
    expect(timingsPlan({ ...tests, shard: { index: 1, count: 2 } }, pr)).toEqual({
      restore: true,
      save: false
    })
    expect(timingsPlan(tests, push)).toEqual({ restore: true, save: true })
    expect(timingsPlan(tests, pr)).toEqual({ restore: false, save: false })
  })

  test('a shard of several on the default branch leaves the save to the merge job; 1/1 saves', () => {
    expect(timingsPlan({ ...tests, shard: { index: 2, count: 3 } }, push)).toEqual({
      restore: true,
      save: false,
      leftToMerge: true
    })
    expect(timingsPlan({ ...tests, shard: { index: 1, count: 1 } }, push)).toEqual({
      restore: true,
      save: true
    })
  })

  test('a run without test stages does neither', () => {
    expect(timingsPlan({ stages: ['lint', 'build'], shard: { index: 1, count: 2 } }, push)).toEqual({
      restore: false,
      save: false
    })
  })
})
