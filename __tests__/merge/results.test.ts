// A run's result files and the merge of shards, on the stream recorded from the shard-merge
// fixture (twelve packages, one failing test, a skip, subtests): the report JSON round-trips and
// refuses what it does not know, JUnit reads back with the run's counts and the failure's
// message, and the stream split by package into shards merges into the unsharded report.
import { readdirSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import { MAX_TEST_CASES, TestCaseLog } from '../../src/gotest/test-cases.js'
import { mergeShardReports } from '../../src/merge/shards.js'
import type { RunReport, StageResult } from '../../src/model/report.js'
import { settleRunResult } from '../../src/pipeline/verdict.js'
import { rootCauseLine } from '../../src/report/describe.js'
import { escapeXml } from '../../src/report/escape.js'
import { renderJunit } from '../../src/report/junit.js'
import { REPORT_SCHEMA, readReportJson, serializeReport } from '../../src/report/report-json.js'
import { loadStream, type RecordedStream, recordedIndex, STREAMS_DIR } from '../support/streams.js'
import { elements, parseXml } from '../support/xml.js'

const stream = loadStream('shard-merge')
const FAILING = 'example.com/shardmerge/p07'

/** The recorded stream's lines, only those of the packages `keep` accepts (a shard's share). */
function shareOf(recorded: RecordedStream, keep: (pkg: string) => boolean): Buffer {
  const lines = recorded.stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => {
      if (line.trim() === '') return false
      const pkg = (JSON.parse(line) as { Package?: string; ImportPath?: string }).Package
      return pkg === undefined || keep(pkg)
    })
  return Buffer.from(`${lines.join('\n')}\n`)
}

/** A settled report of the unit stage that read `bytes`, as the pipeline builds it. */
function reportOf(bytes: Buffer, shard?: { index: number; count: number }, recorded = stream): RunReport {
  const cases = new TestCaseLog()
  const reader = new TestJsonReader({ onEvent: (e) => cases.add(e) })
  reader.pushStdout(bytes)
  if (recorded.stderr) reader.pushStderr(recorded.stderr)
  const { result } = stageResultFromTestRun(
    reader.finish(),
    new PathResolver(recordedIndex(recorded)),
    'unit'
  )
  const kept = cases.finish()
  result.testCases = kept.testCases
  const report: RunReport = {
    result: 'success',
    stages: [result],
    setupFailures: [],
    tests: result.tests ?? { passed: 0, failed: 0, skipped: 0 },
    durationMs: 1,
    workingDirectory: '.'
  }
  if (shard) {
    report.shard = {
      shard,
      basis: 'test-count',
      packages: [],
      totalPackages: 12,
      load: 0,
      maxLoad: 0,
      reason: 'split for the test'
    }
  }
  return settleRunResult(report)
}

const packages = [...new Set(stream.meta.packages.map((p) => p.ImportPath))].sort()
const shardOf = (pkg: string, count: number) => (packages.indexOf(pkg) % count) + 1

describe('report JSON (go-gate/report/v1)', () => {
  const report = reportOf(stream.stdout)

  test('round-trips the report, with its schema and the modules', () => {
    const modules = [{ path: 'example.com/shardmerge', dir: '.' }]
    const text = serializeReport(report, modules)
    expect(JSON.parse(text).schema).toBe(REPORT_SCHEMA)
    const read = readReportJson(text, 'report.json')
    expect(read.report).toEqual(report)
    expect(read.modules).toEqual(modules)
  })

  test('refuses another schema, a non-report and a report missing what readers rely on, in one sentence', () => {
    const v2 = serializeReport(report).replace(REPORT_SCHEMA, 'go-gate/report/v2')
    expect(() => readReportJson(v2, 'shard 2')).toThrow(
      'shard 2 has schema "go-gate/report/v2", and this go-gate reads only go-gate/report/v1: run the same go-gate version in the shards and in the merge job.'
    )
    expect(() => readReportJson('{"result":"success"}', 'x.json')).toThrow(
      'x.json is not a go-gate report: it has no "schema": "go-gate/report/v1".'
    )
    expect(() => readReportJson('not json', 'x.json')).toThrow(/^x\.json is not JSON/)
    const badKind = JSON.parse(serializeReport(report))
    badKind.report.stages[0].failures[0].kind = 'oops'
    expect(() => readReportJson(JSON.stringify(badKind), 'x.json')).toThrow(
      'x.json is not a valid go-gate/report/v1 report: report.stages[0].failures[0].kind "oops" is not a root-cause kind.'
    )
  })
})

describe('JUnit XML', () => {
  const report = reportOf(stream.stdout)
  const xml = parseXml(renderJunit(report))

  test('a testcase per test: the counts are the run’s, a suite per package', () => {
    const cases = elements(xml, 'testcase')
    expect(cases.length).toBe(report.tests.passed + report.tests.failed + report.tests.skipped)
    expect(elements(xml, 'failure').length).toBe(report.tests.failed)
    expect(elements(xml, 'skipped').length).toBe(report.tests.skipped)
    expect(Number(xml.attributes.tests)).toBe(cases.length)
    expect(Number(xml.attributes.failures)).toBe(report.tests.failed)
    const suites = elements(xml, 'testsuite').map((s) => s.attributes.name)
    // p12 has no tests: no suite.
    expect(suites).toEqual(packages.filter((p) => !p.endsWith('/p12')))
    for (const c of cases) expect(Number(c.attributes.time)).toBeGreaterThanOrEqual(0)
    expect(cases.map((c) => c.attributes.name)).toEqual(expect.arrayContaining(['TestSign/negative']))
  })

  test('the failure carries the assertion as its message and the location in its text', () => {
    const failed = elements(xml, 'testcase').filter((c) => elements(c, 'failure').length > 0)
    expect(failed.map((c) => [c.attributes.classname, c.attributes.name])).toEqual([[FAILING, 'TestScale']])
    const failure = elements(failed[0], 'failure')[0]
    expect(failure.attributes.message).toBe('Scale(600, 2) = 1000, want 1200 (no clamp)')
    expect(failure.attributes.type).toBe('test-failure')
    expect(failure.text).toContain('p07/p07_test.go:7')
  })

  test('text that is markup, or that XML cannot carry, reads back as text', () => {
    const hostile = 'a <b> & "c"\u0016\u0000 \ud800 ]]> \r\n\tend'
    const withHostile = structuredClone(report)
    const f = withHostile.stages[0].failures[0]
    f.message = hostile
    f.title = hostile
    const back = parseXml(renderJunit(withHostile))
    const failure = elements(back, 'failure')[0]
    const shown = 'a <b> & "c"\ufffd\ufffd \ufffd ]]> \r\n\tend'
    expect(failure.attributes.message).toBe('a <b> & "c"\ufffd\ufffd \ufffd ]]>')
    expect(failure.text).toContain(shown)
    expect(escapeXml('x\u0001y')).toBe('x\ufffdy')
  })
})

describe('JUnit XML of every recorded stream', () => {
  const names = readdirSync(STREAMS_DIR)
    .filter((f) => f.endsWith('.meta.json'))
    .map((f) => f.replace('.meta.json', ''))

  test.each(names)('%s: well-formed, a testcase per test, red when the run is red', (name) => {
    const recorded = loadStream(name)
    const report = reportOf(recorded.stdout, undefined, recorded)
    const xml = parseXml(renderJunit(report))
    const cases = elements(xml, 'testcase')
    // Every test, plus a case for each failure that belongs to no test (a compile error, an init panic).
    expect(cases.length).toBeGreaterThanOrEqual(
      report.tests.passed + report.tests.failed + report.tests.skipped
    )
    expect(elements(xml, 'failure').length > 0).toBe(report.result === 'failure')
    for (const f of elements(xml, 'failure')) expect(f.attributes.message.length).toBeGreaterThan(0)
  })

  test('a compile error is a failed testcase of its package, named by its kind, at its line', () => {
    const recorded = loadStream('compile-src')
    const xml = parseXml(renderJunit(reportOf(recorded.stdout, undefined, recorded)))
    const failed = elements(xml, 'testcase').filter((c) => elements(c, 'failure').length > 0)
    expect(failed.map((c) => c.attributes.name)).toContain('compile error')
    const failure = elements(
      failed.find((c) => c.attributes.name === 'compile error') ?? failed[0],
      'failure'
    )[0]
    expect(failure.attributes.type).toBe('compile-error')
    expect(failure.text).toMatch(/\.go:\d+/)
  })
})

describe('merging shards', () => {
  const whole = reportOf(stream.stdout)
  const shardReports = (count: number, skip: number[] = []) =>
    Array.from({ length: count }, (_, i) => i + 1)
      .filter((index) => !skip.includes(index))
      .map((index) => ({
        source: `shard ${index}`,
        report: reportOf(
          shareOf(stream, (pkg) => shardOf(pkg, count) === index),
          { index, count }
        )
      }))
  const missing = (i: number, n: number) => `shard ${i} of ${n} is gone`

  test('the merged test cases keep the cap one run keeps, and count what they drop', () => {
    const shards = shardReports(2)
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        package: 'example.com/big',
        test: `Test${i}`,
        status: 'passed' as const
      }))
    // Each shard kept as many as one run may, and dropped 5 more.
    for (const shard of shards) {
      const unit = shard.report.stages[0] as StageResult
      unit.testCases = many(MAX_TEST_CASES)
      unit.testCasesDropped = 5
    }
    const unit = mergeShardReports(shards, missing).report.stages[0] as StageResult
    expect(unit.testCases?.length).toBe(MAX_TEST_CASES)
    expect(unit.testCasesDropped).toBe(MAX_TEST_CASES + 10)
  })

  test('three shards merge into the unsharded run: counts, packages, root cause, every test', () => {
    const merged = mergeShardReports(shardReports(3), missing)
    const report = settleRunResult(merged.report)
    expect(merged.missing).toEqual([])
    expect(report.tests).toEqual(whole.tests)
    expect(report.result).toBe('failure')
    expect(rootCauseLine(report)).toBe(rootCauseLine(whole))
    const unit = report.stages[0] as StageResult
    const names = (s: StageResult) => (s.testCases ?? []).map((t) => `${t.package}.${t.test}`).sort()
    expect(names(unit)).toEqual(names(whole.stages[0]))
    expect((unit.packages ?? []).map((p) => p.importPath).sort()).toEqual(
      (whole.stages[0].packages ?? []).map((p) => p.importPath).sort()
    )
  })

  test('a missing shard fails the merge with a sentence naming it, after the failures that explain more', () => {
    const passingOnly = shardReports(3).filter((s) => s.report.result === 'success')
    const failingShard = shardOf(FAILING, 3)
    const merged = mergeShardReports(passingOnly, missing)
    expect(merged.missing).toEqual([failingShard])
    const report = settleRunResult(merged.report)
    expect(report.rootCause?.kind).toBe('cancelled')
    expect(rootCauseLine(report)).toBe(
      `The unit stage failed because the job was cancelled: Shard ${failingShard} of 3 left no result (cancelled or crashed?)`
    )
    // With the failing shard there and another missing, the test failure is the root cause.
    const other = failingShard === 1 ? 2 : 1
    const withFailure = settleRunResult(mergeShardReports(shardReports(3, [other]), missing).report)
    expect(withFailure.rootCause?.kind).toBe('test-failure')
    expect(withFailure.stages[0].failures.map((f) => f.title)).toContain(
      `Shard ${other} of 3 left no result (cancelled or crashed?)`
    )
  })

  test('results that are not one matrix’s shards are refused', () => {
    const three = shardReports(3)
    const four = shardReports(4)
    expect(() => mergeShardReports([three[0], four[1]], missing)).toThrow(/disagree on their number/)
    expect(() => mergeShardReports([three[0], three[0]], missing)).toThrow(/Shard 1 of 3 left two results/)
    expect(() => mergeShardReports([{ source: 'plain', report: whole }], missing)).toThrow(
      /plain is the result of a run that was not sharded/
    )
  })
})
