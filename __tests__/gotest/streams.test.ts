// The reader on streams recorded from the fixtures: the same root cause, kind
// and line as the end-to-end tests, however the bytes are chunked, and never
// green when a stream is cut short.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { explainTestRun } from '../../src/gotest/explain.js'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { loadFixture, REPO_ROOT } from '../support/runner.js'
import { loadStream, type RecordedStream, recordedIndex, STREAMS_DIR } from '../support/streams.js'

function explain(stream: RecordedStream, chunks: number[] = [], cut?: number) {
  const reader = new TestJsonReader()
  const bytes = cut === undefined ? stream.stdout : stream.stdout.subarray(0, cut)
  let offset = 0
  for (const size of chunks) {
    if (offset >= bytes.length) break
    reader.pushStdout(bytes.subarray(offset, offset + size))
    offset += size
  }
  if (offset < bytes.length) reader.pushStdout(bytes.subarray(offset))
  if (stream.stderr) reader.pushStderr(stream.stderr)
  const run = reader.finish()
  return { run, ...explainTestRun(run, new PathResolver(recordedIndex(stream)), 'unit') }
}

const names = readdirSync(STREAMS_DIR)
  .filter((f) => f.endsWith('.meta.json'))
  .map((f) => f.replace('.meta.json', ''))

/** The fixture a stream was recorded from (variants such as `-buildtext` share their fixture). */
function fixtureFor(name: string) {
  if (name === 'example-service') return loadFixture('service', path.join(REPO_ROOT, 'examples'))
  return loadFixture(path.basename(loadStream(name).meta.root))
}

describe('recorded streams', () => {
  test('there are streams to read', () => {
    expect(names.length).toBeGreaterThan(15)
  })

  test.each(names)('%s: the root cause is the marked line', (name) => {
    const stream = loadStream(name)
    const fixture = fixtureFor(name)
    const { failures, run } = explain(stream)
    if (fixture.expect.result === 'success') {
      expect(failures).toEqual([])
      expect(run.counts.failed).toBe(0)
      return
    }
    expect(failures.length).toBeGreaterThan(0)
    const root = failures[0]
    expect(root.kind).toBe(fixture.expect.kind)
    if (fixture.expect.test) expect(root.test).toBe(fixture.expect.test)
    const marked = fixture.markers.map((m) => `${m.file}:${m.line}`)
    expect(marked).toContain(`${root.location?.file}:${root.location?.line}`)
  })

  test.each(names)('%s: chunking does not change the answer', (name) => {
    const stream = loadStream(name)
    const whole = explain(stream).failures.map((f) => [f.kind, f.test, f.location])
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4096 }), { maxLength: 200 }), (chunks) => {
        const chunked = explain(stream, chunks).failures.map((f) => [f.kind, f.test, f.location])
        expect(chunked).toEqual(whole)
      }),
      { numRuns: 15 }
    )
  })

  test.each(names.filter((n) => !n.startsWith('passing')))(
    '%s: a stream cut anywhere is never green',
    (name) => {
      const stream = loadStream(name)
      fc.assert(
        fc.property(fc.integer({ min: 0, max: stream.stdout.length - 1 }), (cut) => {
          const { failures, run } = explain({ ...stream, stderr: undefined }, [], cut)
          const anyStarted = run.packages.size > 0 || run.builds.size > 0
          // Cut before anything was said: the caller's exit-status check covers it.
          if (!anyStarted) return
          const stillRunning = run.incomplete.length > 0
          const failedSomewhere = [...run.packages.values()].some((p) => p.status === 'fail')
          expect(failures.length > 0 || (!stillRunning && !failedSomewhere)).toBe(true)
        }),
        { numRuns: 25 }
      )
    }
  )
})

describe('shapes the reader must know', () => {
  test('lines over 1 KiB arrive in pieces and are joined before matching', () => {
    const stream = loadStream('long-output')
    const pieces = stream.stdout
      .toString('utf8')
      .split('\n')
      .filter((l) => l.includes('"Test":"TestRowWide"') && l.includes('"Action":"output"'))
    expect(pieces.some((l) => !l.includes('\\n"'))).toBe(true)
    const { failures } = explain(stream)
    expect(failures[0].message.length).toBeGreaterThan(3000)
    expect(failures[0].location).toEqual({ file: 'csvgen/csvgen_test.go', line: 20 })
  })

  test('Go 1.24 build events: one compile error explains every package it breaks', () => {
    const { failures } = explain(loadStream('compile-src'))
    expect(failures).toHaveLength(1)
    expect(failures[0].kind).toBe('compile-error')
    expect(failures[0].location).toEqual({ file: 'internal/model/user.go', line: 29, col: 9 })
    expect(failures[0].message).toMatch(/Packages that failed because of it: .*example\.com\/compile-src\//)
  })

  test('pre-1.24 build errors on stderr (GODEBUG=gotestjsonbuildtext=1)', () => {
    const stream = loadStream('compile-src-buildtext')
    expect(stream.stderr?.length).toBeGreaterThan(0)
    const { failures } = explain(stream)
    expect(failures[0].kind).toBe('compile-error')
    expect(failures[0].location).toEqual({ file: 'internal/model/user.go', line: 29, col: 9 })
  })

  test('a timeout names the stuck test and the line it is blocked on', () => {
    const { failures, run } = explain(loadStream('timeout'))
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({
      kind: 'timeout',
      test: 'TestDrainWithoutClose',
      location: { file: 'jobs/queue.go', line: 25 }
    })
    expect(run.counts.failed).toBeGreaterThanOrEqual(1)
  })

  test('a panic in a subtest is blamed on the subtest, at the frame in the repository', () => {
    const { failures } = explain(loadStream('panic'))
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({
      kind: 'panic',
      test: 'TestLine/missing_amount',
      location: { file: 'internal/parse/record.go', line: 20 }
    })
  })

  test('passing tests that print failure-shaped text are not failures', () => {
    const { failures, run } = explain(loadStream('passing-noisy'))
    expect(failures).toEqual([])
    expect(run.counts.failed).toBe(0)
    expect(run.counts.passed).toBeGreaterThan(0)
  })
})
