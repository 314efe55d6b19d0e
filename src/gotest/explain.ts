// From the run model to failures: one per distinct cause, each with a kind and
// a location, ordered so the one that explains the others comes first.

import { isDependencyError } from '../gomod/errors.js'
import {
  EXPLAINING_RANK,
  type Failure,
  type Location,
  type PackageResult,
  type Phase,
  type RootCauseKind
} from '../model/report.js'
import type { AssertionSignal, PanicSignal, RaceSignal, Signal, TimeoutSignal } from './analyze.js'
import type { BuildRecord, PackageRecord, TestRecord, TestRun } from './collect.js'
import { firstCompilerMessage, type PathResolver, parseCompilerLine } from './locate.js'
import type { Frame, Goroutine } from './stack.js'

// Failures are ranked by EXPLAINING_RANK (src/model): a broken build explains every test failure after it.
interface Ranked {
  failure: Failure
  rank: number
  seq: number
}

export interface Explanation {
  failures: Failure[]
  packages: PackageResult[]
  /** True when a package failed and nothing in the output says why. */
  unexplained: boolean
}

/** Explains a finished test run. */
export function explainTestRun(run: TestRun, resolver: PathResolver, stage: Phase): Explanation {
  const ranked: Ranked[] = []
  const buildFailures = new Map<string, Ranked>()
  let unexplained = false

  for (const pkg of run.packages.values()) {
    // Past the package budget a failed package is counted, not explained (the stage says so).
    if (pkg.status !== 'fail' || pkg.compacted) continue
    const before = ranked.length
    const build = findBuild(run, pkg)
    if (build || pkg.buildFailure) {
      const key = build?.key ?? `${pkg.importPath} [${pkg.buildFailure}]`
      const existing = buildFailures.get(key)
      if (existing) {
        appendAffected(existing.failure, pkg.importPath)
      } else {
        const failure = explainBuild(pkg, build, resolver, stage, run)
        const entry = { failure, rank: EXPLAINING_RANK[failure.kind], seq: build?.seq ?? pkg.seq }
        buildFailures.set(key, entry)
        ranked.push(entry)
      }
      continue
    }
    ranked.push(...explainPackage(pkg, resolver, stage))
    if (ranked.length === before) unexplained = true
  }
  // Builds that failed without a package pointing at them (a build error in a
  // dependency that no test binary reported) still explain the run.
  for (const build of run.builds.values()) {
    if (!build.failed || buildFailures.has(build.key)) continue
    const failure = explainBuild(undefined, build, resolver, stage, run)
    const entry = { failure, rank: EXPLAINING_RANK[failure.kind], seq: build.seq }
    buildFailures.set(build.key, entry)
    ranked.push(entry)
  }
  ranked.sort((a, b) => a.rank - b.rank || a.seq - b.seq)
  return { failures: ranked.map((r) => r.failure), packages: packageResults(run), unexplained }
}

function findBuild(run: TestRun, pkg: PackageRecord): BuildRecord | undefined {
  if (pkg.failedBuild !== undefined) {
    const build = run.builds.get(pkg.failedBuild)
    if (build) return build
  }
  if (!pkg.buildFailure) return undefined
  // Before Go 1.24 the build output came on stderr under `# pkg` or `# pkg [pkg.test]`.
  for (const build of run.builds.values()) {
    const first = build.key.split(' ')[0]
    if (first === pkg.importPath || build.lines.some((line) => line === `# ${pkg.importPath}`)) return build
  }
  for (const build of run.builds.values()) if (build.lines.some((l) => parseCompilerLine(l))) return build
  return undefined
}

function appendAffected(failure: Failure, importPath: string): void {
  if (failure.package === importPath) return
  const marker = 'Packages that failed because of it: '
  const lines = failure.message.split('\n')
  const last = lines[lines.length - 1]
  if (last.startsWith(marker)) {
    if (last.split(', ').length < 20) lines[lines.length - 1] = `${last}, ${importPath}`
  } else lines.push(`${marker}${importPath}`)
  failure.message = lines.join('\n')
}

function explainBuild(
  pkg: PackageRecord | undefined,
  build: BuildRecord | undefined,
  resolver: PathResolver,
  stage: Phase,
  run: TestRun
): Failure {
  const lines = build?.lines ?? []
  const header = lines.find((line) => line.startsWith('# ') && !line.startsWith('# ['))
  const buildPackage = header ? header.slice(2).split(' ')[0] : pkg?.importPath
  const isVet = lines.some((line) => line.startsWith('# ['))
  const messages = lines.filter((line) => !line.startsWith('# '))
  const text = messages.join('\n')
  // `[setup failed]` is a missing module or package most of the time; "no Go files" and import cycles are not.
  const dependency =
    isDependencyError(text) || (pkg?.buildFailure === 'setup failed' && messages.length === 0)
  const kind: RootCauseKind = dependency ? 'dependency' : isVet ? 'vet-error' : 'compile-error'
  const located = firstCompilerMessage(messages, resolver)
  const location = located.location
  const first = located.message?.message
  const shown = messages.length > 0 ? messages : pkg ? pkg.output.lines() : run.rawLines.lines()
  const what =
    kind === 'dependency' ? 'cannot be set up' : kind === 'vet-error' ? 'fails vet' : 'does not compile'
  const affected =
    pkg && buildPackage && pkg.importPath !== buildPackage
      ? `\nPackages that failed because of it: ${pkg.importPath}`
      : ''
  return {
    kind,
    stage,
    severity: 'error',
    package: buildPackage,
    location,
    title: `${buildPackage ?? 'package'} ${what}: ${first ?? shown.find((l) => l.trim() !== '') ?? 'see the output'}`,
    message: shown.slice(0, 20).join('\n') + affected,
    output: shown
  }
}

function explainPackage(pkg: PackageRecord, resolver: PathResolver, stage: Phase): Ranked[] {
  const out: Ranked[] = []
  const failed = pkg.failed
  const explainedByBinaryDeath = new Set<TestRecord>()
  const all: { test?: TestRecord; signal: Signal }[] = []
  for (const test of failed) for (const signal of test.signals) all.push({ test, signal })
  for (const signal of pkg.analyzer.signals) all.push({ signal })

  // A timeout or a panic ends the test binary: tests left running are explained by it.
  const binaryKillers = all.filter((s) => s.signal.type === 'timeout' || s.signal.type === 'panic')
  if (binaryKillers.length > 0)
    for (const test of failed) if (test.unfinished) explainedByBinaryDeath.add(test)

  const handled = new Set<TestRecord>()
  for (const { test, signal } of all) {
    if (signal.type === 'timeout') {
      const failure = explainTimeout(pkg, signal, resolver, stage, test)
      out.push({ failure, rank: EXPLAINING_RANK.timeout, seq: test?.seq ?? pkg.seq })
      for (const t of failed) if (t.unfinished) handled.add(t)
      if (test) handled.add(test)
    } else if (signal.type === 'panic') {
      const blamed = test ? blameChild(failed, test) : undefined
      const failure = explainPanic(pkg, signal, resolver, stage, blamed)
      out.push({ failure, rank: EXPLAINING_RANK.panic, seq: test?.seq ?? pkg.seq })
      if (test) handled.add(test)
      if (blamed) handled.add(blamed)
    } else if (signal.type === 'race') {
      if (test && handled.has(test)) continue
      const failure = explainRace(pkg, signal, resolver, stage, test)
      out.push({ failure, rank: EXPLAINING_RANK['data-race'], seq: test?.seq ?? pkg.seq })
      if (test) handled.add(test)
    }
  }
  for (const test of failed) {
    if (handled.has(test) || explainedByBinaryDeath.has(test)) continue
    const failure = explainTest(pkg, test, resolver, stage)
    if (failure) out.push({ failure, rank: EXPLAINING_RANK[failure.kind], seq: test.seq })
  }
  if (
    pkg.analyzer.signals.some((s) => s.type === 'race-outside') &&
    !out.some((r) => r.failure.kind === 'data-race')
  ) {
    out.push({
      failure: {
        kind: 'data-race',
        stage,
        severity: 'error',
        package: pkg.importPath,
        title: `${pkg.importPath}: race detected outside of test execution`,
        message: 'testing: race detected outside of test execution',
        output: pkg.output.lines()
      },
      rank: EXPLAINING_RANK['data-race'],
      seq: pkg.seq
    })
  }
  if (out.length === 0) {
    // The package failed with no failing test: TestMain or an os.Exit, or a binary that died.
    const output = pkg.output.lines()
    const explaining = output.filter(
      (line) => !/^(?:FAIL|PASS|ok {2})(?:\t|$)|^coverage: /.test(line) && line.trim() !== ''
    )
    const location = testMainExit(pkg.importPath, resolver)
    out.push({
      failure: {
        kind: 'package-failure',
        stage,
        severity: 'error',
        package: pkg.importPath,
        location,
        title: `${pkg.importPath} failed with no failing test${explaining.length > 0 ? `: ${explaining[explaining.length - 1]}` : ''}`,
        message:
          explaining.length > 0
            ? explaining.slice(-10).join('\n')
            : 'The test binary exited with a failure but printed no reason (TestMain or os.Exit, or it was killed).',
        output
      },
      rank: EXPLAINING_RANK['package-failure'],
      seq: pkg.seq
    })
  }
  return out
}

/** The os.Exit in TestMain that ended the run with a failure, else TestMain itself. */
function testMainExit(importPath: string, resolver: PathResolver): Location | undefined {
  const found = resolver.findFunction(importPath, 'TestMain')
  if (!found) return undefined
  const file = resolver.fromAbsolute(found.file)
  if (file === undefined) return undefined
  const exits = found.body
    .map((text, i) => ({ text, line: found.line + i }))
    .filter((l) => /\bos\.Exit\(/.test(l.text))
  // A literal non-zero code is the deliberate failure; os.Exit(m.Run()) passes the tests' result on.
  const literal = exits.find((l) => /os\.Exit\(\s*[1-9]\d*\s*\)/.test(l.text))
  return { file, line: (literal ?? { line: found.line }).line }
}

/** The deepest failed subtest of `test` that has no explanation of its own: a panic there repanics in the parent. */
function blameChild(failed: readonly TestRecord[], test: TestRecord): TestRecord {
  let blamed = test
  for (const t of failed) {
    if (t.name.startsWith(`${test.name}/`) && t.signals.length === 0 && t.name.length > blamed.name.length)
      blamed = t
  }
  return blamed
}

function testFamily(frames: readonly Frame[], importPath: string): string | undefined {
  const prefix = `${importPath}.`
  for (const frame of frames) {
    if (!frame.func.startsWith(prefix)) continue
    const name = /^((?:Test|Fuzz|Example|Benchmark)[^.]*)/.exec(frame.func.slice(prefix.length))
    if (name) return name[1]
  }
  return undefined
}

function stripRecovered(message: string): string {
  return message.replace(/ \[recovered(?:, repanicked)?\]$/, '')
}

function explainPanic(
  pkg: PackageRecord,
  signal: PanicSignal,
  resolver: PathResolver,
  stage: Phase,
  test: TestRecord | undefined
): Failure {
  const found = resolver.firstRepositoryFrame(signal.frames)
  const message = stripRecovered(signal.message)
  const inInit = !test && signal.frames.some((f) => /\.init(?:\.\d+)?$/.test(f.func))
  const where = test ? test.name : inInit ? `init of ${pkg.importPath}` : pkg.importPath
  const frameLines = signal.frames
    .filter((f) => resolver.fromAbsolute(f.file) !== undefined)
    .slice(0, 8)
    .map((f) => `${f.func}\n\t${resolver.fromAbsolute(f.file)}:${f.line}`)
  return {
    kind: 'panic',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test: test?.name,
    location: found?.location,
    title: `${where} panicked: ${message}`,
    message: [`${signal.fatal ? 'fatal error' : 'panic'}: ${message}`, ...frameLines].join('\n'),
    output: test?.output?.lines() ?? signal.lines,
    outputTruncated: (test?.output?.dropped ?? 0) > 0
  }
}

function pickStuckGoroutine(
  goroutines: readonly Goroutine[],
  running: readonly string[],
  importPath: string
): Goroutine | undefined {
  // A goroutine whose top frame is in package testing is a parent waiting in t.Run.
  const waiting = (g: Goroutine) => g.frames.length > 0 && g.frames[0].func.startsWith('testing.')
  const candidates = goroutines.filter((g) => !waiting(g))
  const pool = candidates.length > 0 ? candidates : goroutines
  const deepest = running.length > 0 ? running[running.length - 1] : undefined
  const family = deepest?.split('/')[0]
  return pool.find((g) => family !== undefined && testFamily(g.frames, importPath) === family) ?? pool[0]
}

function explainTimeout(
  pkg: PackageRecord,
  signal: TimeoutSignal,
  resolver: PathResolver,
  stage: Phase,
  context: TestRecord | undefined
): Failure {
  const goroutine = pickStuckGoroutine(signal.goroutines, signal.running, pkg.importPath)
  const found = goroutine ? resolver.firstRepositoryFrame(goroutine.frames) : undefined
  const family = goroutine ? testFamily(goroutine.frames, pkg.importPath) : undefined
  // The stuck test: the deepest running test of the stuck goroutine's family.
  const running = signal.running.filter((name) => family === undefined || name.split('/')[0] === family)
  const test = running[running.length - 1] ?? signal.running[signal.running.length - 1] ?? context?.name
  const blocked = goroutine ? ` (${goroutine.state})` : ''
  return {
    kind: 'timeout',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test,
    location: found?.location,
    title: `${test ?? pkg.importPath} did not finish within ${signal.after}${found ? `; blocked${blocked} at ${found.location.file}:${found.location.line}` : ''}`,
    message: [
      `timed out after ${signal.after}${goroutine ? ` while blocked in ${goroutine.state}` : ''}${found ? '' : ' (no goroutine of the package was found in the dump)'}`,
      `panic: test timed out after ${signal.after}`,
      ...(signal.running.length > 0 ? ['running tests:', ...signal.running.map((n) => `\t${n}`)] : []),
      ...(goroutine
        ? [goroutine.header, ...goroutine.frames.slice(0, 8).map((f) => `${f.func}\n\t${f.file}:${f.line}`)]
        : [])
    ].join('\n'),
    output: signal.lines
  }
}

function explainRace(
  pkg: PackageRecord,
  signal: RaceSignal,
  resolver: PathResolver,
  stage: Phase,
  test: TestRecord | undefined
): Failure {
  const found = resolver.firstRepositoryFrame(signal.frames)
  return {
    kind: 'data-race',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test: test?.name,
    location: found?.location,
    title: `Data race in ${test?.name ?? pkg.importPath}${found ? ` at ${found.location.file}:${found.location.line}` : ''}`,
    message: signal.lines.slice(0, 40).join('\n'),
    output: test?.output?.lines() ?? signal.lines,
    outputTruncated: (test?.output?.dropped ?? 0) > 0
  }
}

const FAILURE_WORDS =
  /\b(?:want|wanted|got|expected|expect|fail(?:ed|ure)?|mismatch|unexpected|should|must|not equal|differ)\b|!=/i
const LOG_CALL = /\.(?:Log|Logf)\(/
const FAIL_CALL = /\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow|Skip)\(|\b(?:assert|require)\./

/**
 * The assertion that most likely failed the test. Go 1.27 marks it. Before, a
 * t.Log line looks the same as a t.Error line, so read the source line when we
 * can: a Log call is not it, an Error/Fatal call is; a helper call (t.Helper)
 * may be. Without source, failure words decide, then the last line.
 */
function pickAssertion(
  signals: readonly Signal[],
  resolver: PathResolver,
  importPath: string
): AssertionSignal | undefined {
  const assertions = signals.filter((s): s is AssertionSignal => s.type === 'assertion')
  if (assertions.length === 0) return undefined
  const marked = assertions.find((a) => a.marked)
  if (marked) return marked
  let best: AssertionSignal | undefined
  let bestScore = -1
  for (const a of assertions) {
    const source = resolver.testLineText(importPath, a.file, a.line)
    let score: number
    if (source !== undefined && LOG_CALL.test(source) && !FAIL_CALL.test(source)) score = 0
    else if (source !== undefined && FAIL_CALL.test(source)) score = 4
    else score = FAILURE_WORDS.test(a.lines.join(' ')) ? 3 : 2
    // Later lines win ties: a test usually fails after it has logged.
    if (score >= bestScore) {
      best = a
      bestScore = score
    }
  }
  return best
}

function explainTest(
  pkg: PackageRecord,
  test: TestRecord,
  resolver: PathResolver,
  stage: Phase
): Failure | undefined {
  // A parent fails because a subtest failed; the subtest is the failure.
  const hasFailedChild = pkg.failed.some((t) => t !== test && t.name.startsWith(`${test.name}/`))
  const example = test.signals.find((s) => s.type === 'example')
  const assertion = pickAssertion(test.signals, resolver, pkg.importPath)
  const raceMarker = test.signals.some((s) => s.type === 'race-in-test')
  if (hasFailedChild && !assertion && !example) return undefined
  const output = test.output?.lines()
  // Every failure of a test names the same package, test and output.
  const failure = (
    kind: RootCauseKind,
    location: Location | undefined,
    title: string,
    message: string
  ): Failure => ({
    kind,
    stage,
    severity: 'error',
    package: pkg.importPath,
    test: test.name,
    location,
    title,
    message,
    output,
    outputTruncated: (test.output?.dropped ?? 0) > 0
  })
  const testFunction = () => resolver.functionLocation(pkg.importPath, test.name.split('/')[0])
  if (raceMarker) {
    return failure(
      'data-race',
      testFunction(),
      `Data race in ${test.name}`,
      'race detected during execution of test'
    )
  }
  if (example && test.name.startsWith('Example')) {
    return failure(
      'test-failure',
      resolver.functionLocation(pkg.importPath, test.name),
      `${test.name}: output does not match the // Output: comment`,
      [`${test.name} printed output that does not match its // Output: comment`, ...example.lines].join('\n')
    )
  }
  if (assertion) {
    const file = resolver.fromTestFile(pkg.importPath, assertion.file)
    return failure(
      'test-failure',
      file !== undefined ? { file, line: assertion.line } : undefined,
      `${test.name} failed: ${assertion.lines[0] ?? ''}`.trim(),
      [`${assertion.file}:${assertion.line}: ${assertion.lines[0] ?? ''}`, ...assertion.lines.slice(1)].join(
        '\n'
      )
    )
  }
  if (test.unfinished) {
    return failure(
      'package-failure',
      testFunction(),
      `The test binary of ${pkg.importPath} exited while ${test.name} was running (os.Exit or a killed process)`,
      [...(output ?? []).slice(-5), ...pkg.output.lines().slice(-5)].join('\n')
    )
  }
  return failure(
    'test-failure',
    testFunction(),
    `${test.name} failed without a message`,
    (output ?? []).slice(-10).join('\n') || `${test.name} called t.Fail or t.FailNow without a message.`
  )
}

function packageResults(run: TestRun): PackageResult[] {
  const results: PackageResult[] = []
  for (const pkg of run.packages.values()) {
    results.push({
      importPath: pkg.importPath,
      status:
        pkg.status === 'fail'
          ? 'failed'
          : pkg.noTestFiles
            ? 'no-tests'
            : pkg.status === 'skip'
              ? 'skipped'
              : pkg.status === 'running'
                ? 'not-run'
                : 'passed',
      elapsedSeconds: pkg.elapsed,
      cached: pkg.cached,
      tests: { ...pkg.counts }
    })
  }
  return results
}
