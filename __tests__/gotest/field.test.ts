// The reader on the shapes the field produces, each recorded from real Go by
// `npm run record-streams`: benchmarks, output after a test passed and repeated
// runs, testify, a build failure saved with stderr merged, in any order. Each
// test asserts what a user sees: the exit status go had, the result, the kind,
// the test, the file and line, the first sentence.
import { readdirSync } from 'node:fs'
import { describe, expect, test } from '@jest/globals'
import { FRAMING } from '../../src/gotest/evidence.js'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import { failureDetail, rootCauseLine } from '../../src/report/describe.js'
import { EMPTY_INDEX, reportFromStream, streamLines } from '../hostile/stream-report.js'
import { loadFixture } from '../support/runner.js'
import { loadStream, type RecordedStream, recordedIndex, STREAMS_DIR } from '../support/streams.js'

function report(stream: RecordedStream, stdout: (Buffer | string)[] = [stream.stdout]) {
  return reportFromStream({ stdout, stderr: stream.stderr ? [stream.stderr] : [] }, recordedIndex(stream))
}

describe('benchmarks', () => {
  test('-bench=. -benchtime=1x: benchmarks run, never pass, and the run is green', () => {
    const stream = loadStream('bench')
    expect(stream.meta.exitCode).toBe(0)
    const text = stream.stdout.toString('utf8')
    // The shape that made benchmarks look unfinished: run events and no pass for them.
    expect(text).toContain('"Action":"run","Package":"example.com/bench/checksum","Test":"BenchmarkSum"')
    expect(text).not.toContain('"Action":"pass","Package":"example.com/bench/checksum","Test":"BenchmarkSum"')
    const run = report(stream)
    expect(run.result).toBe('success')
    expect(run.stages[0].failures).toEqual([])
    expect(run.tests).toEqual({ passed: 1, failed: 0, skipped: 0 })
  })
})

describe('output after a test passed, and tests run again', () => {
  test('a goroutine logging after its test passed, and -count=2, leave the run green and counted once a run', () => {
    const stream = loadStream('late-output')
    expect(stream.meta.exitCode).toBe(0)
    const lines = streamLines(stream.stdout).map((l) => JSON.parse(l))
    // The late line is there, shaped like an assertion, after TestTicker's pass.
    const passed = lines.findIndex((e) => e.Action === 'pass' && e.Test === 'TestTicker')
    const late = lines.findIndex((e) => e.Output?.includes('a late line shaped like a failed assertion'))
    expect(late).toBeGreaterThan(passed)
    const run = report(stream)
    expect(run.result).toBe('success')
    expect(run.stages[0].failures).toEqual([])
    // TestTicker, TestTicker/first and TestTickerAgain, twice each.
    expect(run.tests).toEqual({ passed: 6, failed: 0, skipped: 0 })
  })
})

describe('testify', () => {
  const stream = loadStream('testify')
  const fixture = loadFixture('testify')

  test('the root cause is the first failing assertion, with its Error:, expected/actual and Messages:', () => {
    expect(stream.meta.exitCode).toBe(1)
    const run = report(stream)
    const root = run.rootCause
    expect(root?.kind).toBe('test-failure')
    expect(root?.test).toBe('TestAdd')
    const marker = fixture.markers.find((m) => m.test === 'TestAdd')
    expect(root?.location).toEqual({ file: `${marker?.file}`, line: marker?.line })
    expect(rootCauseLine(run)).toBe(
      `The unit stage failed with a test failure in TestAdd at ${marker?.file}:${marker?.line}: Not equal: expected: 3, actual: 6 (first add of bolts)`
    )
  })

  test('require stops the test: its failure names the error and the message', () => {
    const take = report(stream).stages[0].failures.find((f) => f.test === 'TestTake')
    const marker = fixture.markers.find((m) => m.test === 'TestTake')
    expect(take?.location).toEqual({ file: marker?.file, line: marker?.line })
    expect(take?.title).toBe(
      'TestTake failed: Received unexpected error: inventory: nothing left (taking a nut from an empty stock)'
    )
  })

  test('the excerpt leaves out the Error Trace with the runner’s absolute path', () => {
    for (const failure of report(stream).stages[0].failures) {
      expect(failure.message).not.toContain('Error Trace')
      expect(failure.message).not.toContain(stream.meta.root)
    }
  })

  test('without a source tree the line is still known, the file relative to its package', () => {
    const reader = new TestJsonReader()
    reader.pushStdout(stream.stdout)
    const { result } = stageResultFromTestRun(reader.finish(), new PathResolver(EMPTY_INDEX), 'unit')
    expect(result.failures[0].location).toEqual({ file: 'inventory_test.go', line: 14 })
  })
})

describe('plain-text build errors in a saved stream (stderr merged, Go before 1.24)', () => {
  const stream = loadStream('compile-src-buildtext-merged')
  const fixture = loadFixture('compile-src')
  const marker = fixture.markers[0]
  const lines = streamLines(stream.stdout)
  const text = lines.filter((l) => !l.startsWith('{'))
  const events = lines.filter((l) => l.startsWith('{'))

  test('the recording has the text between the events, and no stderr of its own', () => {
    expect(stream.meta.exitCode).toBe(1)
    expect(stream.stderr).toBeUndefined()
    expect(text.some((l) => l.startsWith('# '))).toBe(true)
    expect(events.length).toBeGreaterThan(0)
  })

  test.each([
    ['as recorded', lines],
    ['text after every event', [...events, ...text]],
    ['text in the middle', [...events.slice(0, 2), ...text, ...events.slice(2)]]
  ])('%s: a compile error at the marked line, as `run` reports it', (_order, ordered) => {
    const run = report(stream, [`${ordered.join('\n')}\n`])
    expect(run.result).toBe('failure')
    expect(run.rootCause?.kind).toBe(fixture.expect.kind)
    expect(run.rootCause?.location).toMatchObject({ file: marker.file, line: marker.line })
    expect(rootCauseLine(run)).toMatch(
      new RegExp(
        `^The unit stage failed with a compile error in \\S+ at ${marker.file}:${marker.line}:\\d+: `
      )
    )
  })
})

describe('what a failure says', () => {
  test('a stack frame keeps its method: (*Queue).Drain, not a bare package path', () => {
    const timeout = report(loadStream('timeout')).rootCause
    expect(timeout?.message).toContain('example.com/timeout/jobs.(*Queue).Drain\n\tjobs/queue.go:25')
  })

  test('a data race: the first sentence names the two accesses, the excerpt has no addresses', () => {
    const stream = loadStream('race')
    const run = report(stream)
    const marker = loadFixture('race').markers[0]
    expect(run.rootCause?.kind).toBe('data-race')
    expect(run.rootCause?.test).toBe('TestTotal')
    expect(rootCauseLine(run)).toMatch(
      new RegExp(
        `^The unit stage failed with a data race in TestTotal at ${marker.file}:${marker.line}: read at ${marker.file}:${marker.line} by goroutine \\d+ races with a previous write at ${marker.file}:${marker.line} \\(goroutine \\d+\\)$`
      )
    )
    expect(run.rootCause?.message).not.toMatch(/0x[0-9a-f]{4,}|\+0x/)
  })
})

describe('on every recorded stream', () => {
  const names = readdirSync(STREAMS_DIR)
    .filter((f) => f.endsWith('.meta.json'))
    .map((f) => f.slice(0, -'.meta.json'.length))

  test.each(names)(
    '%s: framing is never the message; no runner path, +0x offset or address in it',
    (name) => {
      const stream = loadStream(name)
      const run = report(stream)
      for (const failure of run.stages[0].failures) {
        const first = failureDetail(failure)
        expect(first).not.toMatch(FRAMING)
        expect(first.trim()).not.toBe('')
        const shown = `${failure.title}\n${failure.message}`
        expect(shown).not.toContain(stream.meta.root)
        expect(shown).not.toMatch(/ \+0x[0-9a-f]+|\b0x[0-9a-f]{6,}\b/)
      }
      if (run.rootCause) expect(rootCauseLine(run)).not.toMatch(/: (?:=== |--- )/)
    }
  )
})

describe('what a passing test printed explains nothing on its own', () => {
  test('passing-noisy’s fake panic, timeout and race inside a package whose TestMain failed: still the TestMain exit', () => {
    const exit = loadStream('testmain-exit')
    const noisy = loadStream('passing-noisy')
    const pkg = exit.meta.packages[0].ImportPath
    // passing-noisy's TestNoisyLogs, as if it ran in the testmain-exit package before TestMain exited.
    const spliced = streamLines(noisy.stdout)
      .map((l) => JSON.parse(l))
      .filter((e) => e.Test?.startsWith('TestNoisyLogs'))
      .map((e) => JSON.stringify({ ...e, Package: pkg }))
    const lines = streamLines(exit.stdout)
    const at = lines.findIndex((l) => l.includes('"Output":"PASS\\n"'))
    const run = report(exit, [`${[...lines.slice(0, at), ...spliced, ...lines.slice(at)].join('\n')}\n`])
    const plain = report(exit)
    expect(run.rootCause).toEqual(plain.rootCause)
    expect(run.rootCause?.kind).toBe('package-failure')
    expect(run.tests.passed).toBe(plain.tests.passed + 1)
  })
})
