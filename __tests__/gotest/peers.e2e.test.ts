// Conformance: the reader over the `go test -json` streams that other readers
// keep for their own tests, read in place (never copied here): gotestsum's
// testjson/testdata and cmd/testdata, tparse's tests/testdata (both from the
// module cache, `go mod download -json`), and Go's own
// cmd/internal/test2json/testdata. For each stream the test states what the
// peer's own tests expect of it and asserts go-gate agrees; where go-gate
// deliberately differs, the test says so and why. A module that cannot be
// downloaded skips its part with the reason in the test name.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import type { PackageRecord, TestRun } from '../../src/gotest/collect.js'
import { FRAMING } from '../../src/gotest/evidence.js'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import type { Failure, RunReport } from '../../src/model/report.js'
import { failureDetail, rootCauseLine } from '../../src/report/describe.js'
import { chooseRootCause } from '../../src/report/root-cause.js'
import { EMPTY_INDEX, judgeStream } from '../hostile/stream-report.js'

const GO_ENV = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }

/** The module's folder in the module cache, or why it cannot be had. */
function moduleDir(module: string): { dir?: string; reason?: string } {
  const run = spawnSync('go', ['mod', 'download', '-json', module], {
    cwd: os.tmpdir(),
    env: GO_ENV,
    encoding: 'utf8',
    timeout: 120_000
  })
  if (run.error) return { reason: `go could not be run: ${run.error.message}` }
  try {
    const info = JSON.parse(run.stdout) as { Dir?: string; Error?: string }
    if (info.Dir && existsSync(info.Dir)) return { dir: info.Dir }
    return { reason: info.Error ?? `go mod download printed no folder (exit ${run.status})` }
  } catch {
    return { reason: `go mod download failed (exit ${run.status}): ${run.stderr.trim().split('\n')[0]}` }
  }
}

function goroot(): string | undefined {
  const run = spawnSync('go', ['env', 'GOROOT'], { env: GO_ENV, encoding: 'utf8' })
  return run.status === 0 ? run.stdout.trim() : undefined
}

interface Read {
  run: TestRun
  report: RunReport
  failures: Failure[]
  /** Names of the failed tests of a package (or of every package). */
  failedTests: (pkg?: string) => string[]
  pkg: (importPath: string) => PackageRecord
}

/** Reads files as `go-gate analyze` does (stdout, then stderr when given), with no source tree. */
function read(stdout: string[], stderr: string[] = []): Read {
  const reader = new TestJsonReader()
  for (const file of stdout) reader.pushStdout(readFileSync(file))
  for (const file of stderr) reader.pushStderr(readFileSync(file))
  const run = reader.finish()
  const { result } = stageResultFromTestRun(run, new PathResolver(EMPTY_INDEX), 'unit')
  const report: RunReport = {
    result: 'success',
    stages: [result],
    setupFailures: [],
    tests: run.counts,
    durationMs: 0,
    workingDirectory: '.'
  }
  report.rootCause = chooseRootCause(report)
  report.result = report.rootCause ? 'failure' : 'success'
  return {
    run,
    report,
    failures: result.failures,
    failedTests: (pkg) =>
      [...run.packages.values()]
        .filter((p) => pkg === undefined || p.importPath === pkg)
        .flatMap((p) => p.failed.map((t) => t.name)),
    pkg: (importPath) => {
      const found = run.packages.get(importPath)
      if (!found) throw new Error(`no package ${importPath}`)
      return found
    }
  }
}

const sorted = (names: Iterable<string>) => [...names].sort()
const testsOf = (failures: Failure[], kind?: string) =>
  sorted(
    failures.filter((f) => kind === undefined || f.kind === kind).flatMap((f) => (f.test ? [f.test] : []))
  )

/** Every file of a testdata folder, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
}

/** Whatever the file, the reader never throws and never says green over a fail event or a cut-short package. */
function expectNoCrashNoLie(file: string): void {
  const bytes = readFileSync(file)
  const verdict = judgeStream({ stdout: [bytes] })
  let got: Read | undefined
  expect(() => {
    got = read([file])
  }).not.toThrow()
  if (verdict.failEvent || verdict.unfinished.length > 0) expect(got?.report.result).toBe('failure')
  for (const failure of got?.failures ?? []) {
    // Framing is never the message; what a failure shows has no absolute source path, and a
    // stack's excerpt no +0x offset or address.
    expect(failureDetail(failure)).not.toMatch(FRAMING)
    expect(`${failure.title}\n${failure.message}`).not.toMatch(/(?:^|\s)\/\S+\.go:\d+/m)
    if (['panic', 'data-race', 'timeout'].includes(failure.kind))
      expect(failure.message).not.toMatch(/ \+0x[0-9a-f]+|\b0x[0-9a-f]{6,}\b/)
  }
}

const GOTESTSUM = moduleDir('gotest.tools/gotestsum@v1.13.0')
const TPARSE = moduleDir('github.com/mfridman/tparse@v0.18.0')
const GOROOT = goroot()

const describeIf = (found: { dir?: string; reason?: string }, name: string) =>
  found.dir
    ? describe
    : (title: string, fn: () => void) => describe.skip(`${title} (skipped: ${name} ${found.reason})`, fn)

describeIf(GOTESTSUM, 'gotest.tools/gotestsum@v1.13.0')('gotestsum v1.13.0 testdata', () => {
  const dir = GOTESTSUM.dir ?? ''
  const input = (name: string) => path.join(dir, 'testjson', 'testdata', 'input', name)
  const cmd = (name: string) => path.join(dir, 'cmd', 'testdata', name)

  test('every stream: no crash, never green over a failure', () => {
    const files = [
      ...filesUnder(path.join(dir, 'testjson', 'testdata')),
      ...filesUnder(path.join(dir, 'cmd', 'testdata'))
    ].filter((f) => /\.(?:out|err)$/.test(f))
    expect(files.length).toBeGreaterThan(20)
    for (const file of files) expectNoCrashNoLie(file)
  })

  test('go-test-json.out: 59 tests (TestScanTestOutput_MinimalConfig), 5 skipped, 12 failed tests and badmain (summary root-test-has-subtest-failures)', () => {
    const got = read([input('go-test-json.out')])
    expect(got.run.counts).toEqual({ passed: 42, failed: 12, skipped: 5 })
    expect(sorted(got.failedTests())).toEqual(
      sorted([
        'TestNestedParallelFailures/a',
        'TestNestedParallelFailures/b',
        'TestNestedParallelFailures/c',
        'TestNestedParallelFailures/d',
        'TestNestedParallelFailures',
        'TestParallelTheFirst',
        'TestParallelTheSecond',
        'TestParallelTheThird',
        'TestFailed',
        'TestFailedWithStderr',
        'TestNestedWithFailure/c',
        'TestNestedWithFailure'
      ])
    )
    // Deliberate difference: gotestsum lists a parent that failed only because a subtest failed
    // (TestNestedParallelFailures, TestNestedWithFailure) as a failure of its own; go-gate folds it
    // into the subtests, which carry the message. Every other failed test is a failure entry.
    expect(testsOf(got.failures)).toEqual(
      sorted([
        'TestNestedParallelFailures/a',
        'TestNestedParallelFailures/b',
        'TestNestedParallelFailures/c',
        'TestNestedParallelFailures/d',
        'TestParallelTheFirst',
        'TestParallelTheSecond',
        'TestParallelTheThird',
        'TestFailed',
        'TestFailedWithStderr',
        'TestNestedWithFailure/c'
      ])
    )
    // gotestsum: `=== FAIL: testjson/internal/badmain` with `sometimes main can exit 2`.
    const badmain = got.failures.find((f) => f.package === 'gotest.tools/gotestsum/testjson/internal/badmain')
    expect(badmain?.kind).toBe('package-failure')
    expect(badmain?.message).toContain('sometimes main can exit 2')
  })

  test.each([
    ['go-test-json', 'standard-verbose.out'],
    ['go-test-json-with-cover', 'standard-verbose-coverage.out'],
    ['go-test-json-with-shuffle', 'standard-verbose-shuffle.out']
  ])(
    '%s: the failed tests and packages of its golden %s, and the build error of its .err',
    (name, golden) => {
      const expected = readFileSync(path.join(dir, 'testjson', 'testdata', 'format', golden), 'utf8').split(
        '\n'
      )
      const failedTests = new Set(expected.flatMap((l) => /^\s*--- FAIL: (\S+)/.exec(l)?.[1] ?? []))
      const failedPackages = new Set(expected.flatMap((l) => /^FAIL\t(\S+)/.exec(l)?.[1] ?? []))
      const got = read([input(`${name}.out`)], [input(`${name}.err`)])
      expect(sorted(new Set(got.failedTests()))).toEqual(sorted(failedTests))
      expect(
        sorted([...got.run.packages.values()].filter((p) => p.status === 'fail').map((p) => p.importPath))
      ).toEqual(sorted(failedPackages))
      // The .err holds the stderr of the same run: a package that does not compile. gotestsum passes it
      // through to its error output; go-gate names it, first, as a compile error.
      const err = readFileSync(input(`${name}.err`), 'utf8')
      const compiler = /^(\S+\.go):(\d+):\d+: (.*)$/m.exec(err)
      if (compiler) {
        expect(got.failures[0].kind).toBe('compile-error')
        expect(got.failures[0].location).toMatchObject({ file: compiler[1], line: Number(compiler[2]) })
      }
    }
  )

  test('go-test-json-with-parallel-fails.out: Go 1.14 prefixes `TestX: file.go:N:`; 8 failures (summary parallel-failures)', () => {
    const got = read([input('go-test-json-with-parallel-fails.out')])
    expect(got.run.counts).toEqual({ passed: 4, failed: 8, skipped: 0 })
    const byTest = new Map(got.failures.map((f) => [f.test, f]))
    for (const [name, line, message] of [
      ['TestNestedParallelFailures/a', 50, 'failed sub a'],
      ['TestNestedParallelFailures/d', 50, 'failed sub d'],
      ['TestParallelTheFirst', 29, 'failed the first'],
      ['TestParallelTheSecond', 35, 'failed the second'],
      ['TestParallelTheThird', 41, 'failed the third']
    ] as const) {
      expect(byTest.get(name)?.location).toEqual({ file: 'fails_test.go', line })
      expect(byTest.get(name)?.title).toBe(`${name} failed: ${message}`)
    }
  })

  test('go-test-json-missing-test-events.out: the tests left running fail, subtests of a passed test do not (TestScanTestOutput_WithMissingEvents)', () => {
    const got = read([path.join(dir, 'testjson', 'testdata', 'go-test-json-missing-test-events.out')])
    // gotestsum's artificial fail events, plus TestFailed's own. TestNestedSuccess/b and b/sub never
    // ended either, but their root passed (golang/go#40771): neither reader calls them failed.
    expect(sorted(got.failedTests())).toEqual(
      sorted([
        'TestMissing',
        'TestMissing/a',
        'TestMissingEvent',
        'TestFailed',
        'TestFailed/a',
        'TestFailed/a/sub'
      ])
    )
  })

  test('go-test-json-with-nonjson-stdout.out: the non-JSON line is tolerated, the run read (TestScanTestOutput_WithNonJSONLines)', () => {
    const got = read([path.join(dir, 'testjson', 'testdata', 'go-test-json-with-nonjson-stdout.out')])
    expect(got.report.result).toBe('success')
    expect(got.run.rawLines.lines()).toEqual(['|||This line is not valid test2json output.|||'])
  })

  test('go-test-json-missing-test-fail.out: the panic fails TestWaitOn_WithCompare, nothing left running (summary missing-test-fail-event)', () => {
    const got = read([input('go-test-json-missing-test-fail.out')])
    expect(got.failures).toHaveLength(1)
    expect(got.failures[0]).toMatchObject({ kind: 'panic', test: 'TestWaitOn_WithCompare' })
    expect(got.failures[0].title).toContain('index out of range [1] with length 1')
    // gotestsum prints the goroutine dump as it came; go-gate's excerpt drops addresses and offsets.
    expect(got.failures[0].message).not.toMatch(/\+0x|0xc0000/)
  })

  test('go-test-json-misattributed.out: TestOutputWithSubtest is the one failure of 5 tests (summary misattributed-output)', () => {
    const got = read([input('go-test-json-misattributed.out')])
    expect(got.run.counts).toEqual({ passed: 4, failed: 1, skipped: 0 })
    expect(testsOf(got.failures)).toEqual(['TestOutputWithSubtest'])
    // Deliberate difference: gotestsum shows the output of the root and of its subtests, where Go
    // (golang/go#29755) put the root's lines; go-gate reads the root's own output, which holds no
    // message here, and says so without making one up from a passing subtest's log.
    expect(got.failures[0].title).toBe('TestOutputWithSubtest failed without a message')
  })

  test('go-test-json-with-attributes.out and go-test-json-missing-skip-msg.out pass (summaries with-attributes, bug-missing-skip-message)', () => {
    expect(read([input('go-test-json-with-attributes.out')]).run.counts).toEqual({
      passed: 1,
      failed: 0,
      skipped: 0
    })
    const skips = read([input('go-test-json-missing-skip-msg.out')])
    expect(skips.report.result).toBe('success')
    expect(skips.run.counts).toEqual({ passed: 40, failed: 0, skipped: 2 })
  })

  test('go-test-json.out three times over: 177 tests, 15 skipped, 36 failed tests (summary bug-repeated-test-case-output)', () => {
    const got = read([input('go-test-json.out'), input('go-test-json.out'), input('go-test-json.out')])
    expect(got.run.counts).toEqual({ passed: 126, failed: 36, skipped: 15 })
  })

  test('cmd go-test-build-failed.out: one failure, the compile error (build-fail-expected)', () => {
    const got = read([cmd('input/go-test-build-failed.out')])
    expect(got.failures).toHaveLength(1)
    expect(got.failures[0]).toMatchObject({
      kind: 'compile-error',
      package: 'example.com/internal/cacher',
      location: { file: 'directory_test.go', line: 321, col: 10 }
    })
    expect(rootCauseLine(got.report)).toBe(
      'The unit stage failed with a compile error in example.com/internal/cacher at directory_test.go:321:10: undefined: assert.foo'
    )
  })

  test('cmd go-test-setup-failed.out: two failures, one error each (setup-fail-expected)', () => {
    const got = read([cmd('input/go-test-setup-failed.out')])
    expect(got.failures.map((f) => [f.package, f.location])).toEqual([
      ['example.com/internal/cacher', { file: 'directory_test.go', line: 321, col: 13 }],
      ['example.com/internal/cacher/subpkg', { file: 'subpkg/main_test.go', line: 1, col: 1 }]
    ])
    // gotestsum calls both [setup failed]; they are syntax errors, so go-gate's kind is compile-error.
    expect(got.failures.every((f) => f.kind === 'compile-error')).toBe(true)
  })

  test('cmd panic-race-1: a timeout panic printed inside TestHello, which then passed, fails the package (panic-race-1-summary)', () => {
    const got = read([cmd('input/go-test-json-panic-race-1.out')])
    expect(got.run.counts).toEqual({ passed: 1, failed: 0, skipped: 0 })
    expect(got.report.result).toBe('failure')
    expect(got.failures).toHaveLength(1)
    // gotestsum: `=== FAIL: github.com/mafredri/test` holding `panic: test timed out after 1s`.
    // go-gate names the test the panic's `running tests:` names.
    expect(got.failures[0]).toMatchObject({
      kind: 'timeout',
      package: 'github.com/mafredri/test',
      test: 'TestHello'
    })
    expect(rootCauseLine(got.report)).toMatch(
      /^The unit stage failed with a timeout in TestHello: timed out after 1s/
    )
  })

  test('cmd panic-race-2: the timeout names TestSleepsTooLong (panic-race-2-summary)', () => {
    const got = read([cmd('input/go-test-json-panic-race-2.out')])
    expect(got.failedTests()).toEqual(['TestSleepsTooLong'])
    expect(got.failures[0]).toMatchObject({ kind: 'timeout', test: 'TestSleepsTooLong' })
  })

  test('cmd go-test-json-flaky-rerun.out: failures per test as the rerun report counts them (TestWriteRerunFailsReport)', () => {
    const got = read([cmd('go-test-json-flaky-rerun.out')])
    const count = (name: string) => got.failures.filter((f) => f.test === name).length
    expect([count('TestFailsOften'), count('TestFailsRarely'), count('TestFailsSometimes')]).toEqual([
      3, 1, 2
    ])
  })

  test('cmd go-test-missing-run-events.out: failures per test as the rerun report counts them (…HandlesMissingActionRunEvents)', () => {
    const got = read([cmd('go-test-missing-run-events.out')])
    const failed = got.failedTests()
    const count = (name: string) => failed.filter((n) => n === name).length
    expect([
      count('TestEnvoy'),
      count('TestEnvoy/case-ent-cross-namespaces'),
      count('TestEnvoy/case-ent-intra-namespace')
    ]).toEqual([5, 3, 3])
  })
})

describeIf(TPARSE, 'github.com/mfridman/tparse@v0.18.0')('tparse v0.18.0 tests/testdata', () => {
  const dir = path.join(TPARSE.dir ?? '', 'tests', 'testdata')
  const file = (name: string) => path.join(dir, name)

  test('every stream: no crash, never green over a failure', () => {
    const files = filesUnder(dir).filter((f) => /\.(?:jsonl|txt)$/.test(f))
    expect(files.length).toBeGreaterThan(30)
    for (const f of files) expectNoCrashNoLie(f)
  })

  // TestFinalOutcome: each package's final outcome and the exit code. tparse's pass is go-gate's
  // passed, skipped or no-tests: none of them failed.
  test.each([
    ['test_01.jsonl', 1, { 'github.com/mfridman/tparse/tests': 'fail' }],
    [
      'test_02.jsonl',
      1,
      {
        'github.com/astromail/rover/tests': 'fail',
        'github.com/astromail/rover/cmd/roverd': 'pass',
        'github.com/astromail/rover/smtp': 'pass',
        'github.com/astromail/rover/storage': 'pass',
        'github.com/astromail/rover/errors': 'pass',
        'github.com/astromail/rover/storage/badger': 'pass',
        'github.com/astromail/rover': 'pass'
      }
    ],
    ['test_03.jsonl', 0, { fmt: 'pass' }],
    ['test_04.jsonl', 0, { 'github.com/astromail/rover/tests': 'pass' }],
    ['test_05.jsonl', 0, { 'github.com/astromail/rover/tests': 'pass' }],
    ['test_06.jsonl', 0, { fmt: 'pass' }],
    ['test_07.jsonl', 0, { 'debug/errorcause': 'pass' }],
    ['test_08.jsonl', 0, { 'github.com/awesome/pkg': 'pass' }]
  ] as const)(
    'outcome/%s: exit %i and every package’s outcome (TestFinalOutcome)',
    (name, exit, outcomes) => {
      const got = read([file(`outcome/${name}`)])
      expect(got.report.result).toBe(exit === 0 ? 'success' : 'failure')
      const seen = Object.fromEntries(
        [...got.run.packages.values()].map((p) => [p.importPath, p.status === 'fail' ? 'fail' : 'pass'])
      )
      expect(seen).toEqual(outcomes)
    }
  )

  // TestPanic: exit 1, and which packages panicked.
  test.each([
    ['test_01.jsonl', ['github.com/pressly/goose/v3/tests/e2e']],
    ['test_02.jsonl', ['github.com/mfridman/tparse/parse']],
    ['test_03.jsonl', ['github.com/mfridman/tparse/tests']],
    ['test_04.jsonl', ['github.com/mfridman/tparse/tests']],
    ['test_05.jsonl', ['github.com/mfridman/tparse/tests']],
    ['test_06.jsonl', ['github.com/mfridman/tparse/parse']]
  ])('panic/%s: exit 1, the panicking packages (TestPanic)', (name, panicked) => {
    const got = read([file(`panic/${name}`)])
    expect(got.report.result).toBe('failure')
    expect(
      sorted(new Set(got.failures.filter((f) => f.kind === 'panic').map((f) => `${f.package}`)))
    ).toEqual(sorted(panicked))
    expect(got.report.rootCause?.kind).toBe('panic')
  })

  // TestRaceDetected: a non-zero exit, and the tests whose output holds a race report. Every
  // report is a failure entry; a report printed outside any test has no test.
  test.each([
    ['test_01', ['TestA']],
    ['test_02', ['TestB', 'TestElapsed']],
    ['test_03', []],
    ['test_04', ['TestRace']],
    ['test_05', []],
    ['test_06', []],
    ['test_07', ['TestRace']],
    ['test_08', ['TestRace']]
  ])('race/%s: a failure, the racing tests %j, the pair named (TestRaceDetected)', (name, tests) => {
    const got = read([file(`race/${name}.jsonl`)])
    expect(got.report.result).toBe('failure')
    expect(testsOf(got.failures, 'data-race')).toEqual(sorted(tests))
    expect(got.report.rootCause?.kind).toBe('data-race')
    expect(rootCauseLine(got.report)).toMatch(
      / by (?:goroutine \d+|main goroutine) races with a (?:previous )?\w+/
    )
    for (const f of got.failures)
      expect(`${f.title}\n${f.message}`).not.toMatch(/\/Users\/|\/usr\/local\/go\/|\+0x/)
  })

  test('race/test_03: the package’s final action is pass, but its output (Found 1 data race(s), FAIL) proves it failed', () => {
    const lines = readFileSync(file('race/test_03.jsonl'), 'utf8').trim().split('\n')
    expect(JSON.parse(lines[lines.length - 1])).toMatchObject({ Action: 'pass', Package: 'debug/tparse-24' })
    const got = read([file('race/test_03.jsonl')])
    expect(got.pkg('debug/tparse-24').status).toBe('fail')
    expect(got.failures.map((f) => f.kind)).toEqual(['data-race'])
  })

  test.each([
    ['test_01', { strings: true, fmt: true, time: false, mime: false }],
    [
      'test_02',
      {
        bufio: false,
        bytes: false,
        crypto: false,
        fmt: false,
        log: true,
        mime: true,
        sort: true,
        strings: true,
        time: false
      }
    ]
  ])('cached/%s: which packages came from the cache (TestPackageCache)', (name, cached) => {
    const got = read([file(`cached/${name}.jsonl`)])
    expect(Object.fromEntries([...got.run.packages.values()].map((p) => [p.importPath, p.cached]))).toEqual(
      cached
    )
  })

  test.each([
    ['test_01', { log: 68.0, bytes: 86.7, sort: 60.8 }],
    [
      'test_02',
      {
        bufio: 93.3,
        bytes: 95.6,
        crypto: 5.9,
        fmt: 95.2,
        log: 68.0,
        mime: 93.8,
        net: 81.2,
        sort: 60.8,
        strings: 98.1,
        time: 91.8
      }
    ],
    ['test_03', { crypto: 0.0, fmt: 0.0, log: 0.0, strings: 0.0 }]
  ])('cover/%s: each package’s coverage (Test in cover_test.go)', (name, coverage) => {
    const got = read([file(`cover/${name}.jsonl`)])
    expect(
      // No coverage line at all (test_03) is tparse's zero value.
      Object.fromEntries([...got.run.packages.values()].map((p) => [p.importPath, Number(p.coverage ?? 0)]))
    ).toEqual(coverage)
  })

  test('metrics_test.jsonl: 9 packages pass, with tparse’s counts and elapsed times (TestSummaryCounts)', () => {
    const got = read([file('metrics_test.jsonl')])
    expect(got.report.result).toBe('success')
    const want: [string, number, number, number, number][] = [
      ['fmt', 58, 1, 0, 0.22],
      ['strings', 107, 0, 0, 5.494],
      ['bytes', 123, 0, 0, 3.5380000000000003],
      ['bufio', 69, 0, 0, 0.07],
      ['crypto', 5, 0, 0, 0.016],
      ['log', 8, 0, 0, 0.085],
      ['mime', 20, 0, 0, 0.025],
      ['sort', 36, 1, 0, 3.117],
      ['time', 117, 1, 0, 7.157]
    ]
    expect(got.run.packages.size).toBe(9)
    for (const [name, passed, skipped, failed, elapsed] of want) {
      const pkg = got.pkg(name)
      expect([name, pkg.counts.passed, pkg.counts.skipped, pkg.counts.failed, pkg.elapsed]).toEqual([
        name,
        passed,
        skipped,
        failed,
        elapsed
      ])
    }
  })

  test('elapsed_test.jsonl and go120_start_action.jsonl: their packages and tests (TestElapsed, TestPackageStartTime)', () => {
    const elapsed = read([file('elapsed_test.jsonl')])
    expect([...elapsed.run.packages.keys()]).toEqual(['strings'])
    expect(elapsed.run.counts.passed).toBe(2)
    // go-gate keeps no start times (nothing it reports uses them); the 11 packages are read.
    expect(read([file('go120_start_action.jsonl')]).run.packages.size).toBe(11)
  })

  test('follow-verbose: exit status 1, 0, 0, 0, not a stream, and a text build failure (TestFollow)', () => {
    const results = ['test_01', 'test_02', 'test_03', 'test_04'].map(
      (n) => read([file(`follow-verbose/${n}.jsonl`)]).report.result
    )
    expect(results).toEqual(['failure', 'success', 'success', 'success'])
    // test_05 is prose: tparse says ErrNotParsable; go-gate says in one sentence that it is not a stream.
    expect(rootCauseLine(read([file('follow-verbose/test_05.jsonl')]).report)).toMatch(
      /^The unit stage failed with a failure go-gate cannot explain: The input is not a `go test -json` stream: none of its \d+ lines/
    )
    // test_06: plain-text build errors before the events; tparse exits 2, go-gate names the compile error.
    const build = read([file('follow-verbose/test_06.jsonl')])
    expect(build.report.rootCause).toMatchObject({
      kind: 'compile-error',
      package: 'github.com/marco-m/tparse-bugs',
      location: { file: 'a_test.go', line: 6, col: 2 }
    })
  })

  test('prescan: text before the events is read past; text alone is not a stream (TestPrescan)', () => {
    expect(read([file('prescan/test_01.txt')]).report.result).toBe('success')
    // Deliberate difference: tparse gives up (ErrNotParsable) after 50 lines of text before the first
    // event (test_02) or text between events (test_03). go test's own stdout holds text (build errors
    // before Go 1.24, stderr saved with 2>&1), so go-gate reads every event it can find.
    expect(read([file('prescan/test_02.txt')]).run.events).toBeGreaterThan(0)
    expect(read([file('prescan/test_03.txt')]).run.events).toBeGreaterThan(0)
    expect(read([file('prescan/test_04.txt')]).report.rootCause?.title).toMatch(
      /^The input is not a `go test -json` stream/
    )
  })
})

const TEST2JSON = GOROOT ? path.join(GOROOT, 'src', 'cmd', 'internal', 'test2json', 'testdata') : ''
const test2jsonFound = existsSync(TEST2JSON)
  ? { dir: TEST2JSON }
  : { reason: `has no ${TEST2JSON || 'GOROOT'} (a Go without its sources)` }

describeIf(test2jsonFound, 'cmd/internal/test2json')('Go’s own cmd/internal/test2json/testdata', () => {
  // Each X.json is what test2json must write for X.test: its events are the expectation.
  const names = existsSync(TEST2JSON)
    ? readdirSync(TEST2JSON)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
    : []

  test.each(names)(
    '%s.json: every test fails or not as its events say; the package as its final event says',
    (name) => {
      const events = readFileSync(path.join(TEST2JSON, `${name}.json`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { Action: string; Test?: string })
      const final = events
        .filter((e) => e.Test === undefined && ['pass', 'fail', 'skip'].includes(e.Action))
        .pop()
      const ended = new Set(
        events.filter((e) => e.Test && e.Action !== 'run' && e.Action !== 'output').map((e) => e.Test)
      )
      // A test with a fail event failed; so did one that never ended in a package that failed (the
      // binary died under it, as in timeout.json), as gotestsum's artificial fail events say too.
      const failedByEvents = new Set([
        ...events.filter((e) => e.Action === 'fail' && e.Test).map((e) => `${e.Test}`),
        ...(final?.Action === 'fail'
          ? events.filter((e) => e.Action === 'run' && !ended.has(e.Test)).map((e) => `${e.Test}`)
          : [])
      ])
      const got = read([path.join(TEST2JSON, `${name}.json`)])
      expect(sorted(new Set(got.failedTests()))).toEqual(sorted(failedByEvents))
      if (final) expect(got.report.result).toBe(final.Action === 'fail' ? 'failure' : 'success')
      else {
        // Deliberate: a stream that ends before its package said how it ended (benchshort, empty) is a
        // run cut short; go-gate never calls that green, and says so in one sentence.
        expect(got.report.result).toBe('failure')
        expect(got.report.rootCause?.title).toBe('(no package) did not finish: the stream ended first')
      }
    }
  )

  test('bench.json: a benchmark reports (--- BENCH, bench action) and never passes: green', () => {
    expect(read([path.join(TEST2JSON, 'bench.json')]).report.result).toBe('success')
  })

  test('benchfail.json: --- FAIL: BenchmarkFoo is a failure at its b.Log line', () => {
    const got = read([path.join(TEST2JSON, 'benchfail.json')])
    expect(got.failures[0]).toMatchObject({
      kind: 'test-failure',
      test: 'BenchmarkFoo',
      location: { file: 'x_test.go', line: 8 }
    })
  })

  test('framebig.json: duplicate pass events and late `=== PASS` framing are neither failures nor counted twice', () => {
    const got = read([path.join(TEST2JSON, 'framebig.json')])
    expect(got.report.result).toBe('success')
    const passes = new Set(
      readFileSync(path.join(TEST2JSON, 'framebig.json'), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"Action":"pass","Test"'))
    )
    expect(got.run.counts.passed).toBe(passes.size)
  })

  test('timeout.json and panic.json: the kind and the test', () => {
    expect(read([path.join(TEST2JSON, 'timeout.json')]).failures[0]).toMatchObject({
      kind: 'timeout',
      test: 'Test'
    })
    expect(read([path.join(TEST2JSON, 'panic.json')]).failures[0]).toMatchObject({
      kind: 'panic',
      test: 'TestPanic'
    })
  })

  test.each(names)(
    '%s.test (a test binary’s plain output, not test2json): one sentence says it is not a stream',
    (name) => {
      const file = path.join(TEST2JSON, `${name}.test`)
      expectNoCrashNoLie(file)
      const got = read([file])
      expect(got.run.events).toBe(0)
      expect(got.report.rootCause?.title).toMatch(/^The input (?:is not a `go test -json` stream|is empty)/)
    }
  )
})
