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
import { MESSAGE_LINES } from '../text/lines.js'
import { assertionText, pickAssertion } from './assertion.js'
import {
  type BuildRecord,
  type PackageRecord,
  raceConfirmed,
  type TestRecord,
  type TestRun
} from './collect.js'
import type { Evidence, PanicEvidence, RaceAccess, RaceEvidence, TimeoutEvidence } from './evidence.js'
import { excerpt, frameText, shortPath, tidyLine, tidyStackLine } from './excerpt.js'
import { firstCompilerMessage, type PathResolver, parseCompilerLine } from './locate.js'
import { type Frame, type Goroutine, isToolchainFrame } from './stack.js'

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
    message: shown.slice(0, MESSAGE_LINES).join('\n') + affected,
    output: shown
  }
}

/** One piece of evidence and where it was printed: a failed test, a test that did not fail, or the package. */
interface Found {
  evidence: Evidence
  test?: TestRecord
  /** The name of a test that did not fail but printed it. */
  printedBy?: string
}

/** Every failure of one failed package: what its evidence shows, then its failed tests, then the package itself. */
function explainPackage(pkg: PackageRecord, resolver: PathResolver, stage: Phase): Ranked[] {
  const found: Found[] = []
  for (const test of pkg.failed) for (const evidence of test.evidence) found.push({ evidence, test })
  for (const evidence of pkg.analyzer.evidence) found.push({ evidence })
  // The race detector confirmed a race: the reports printed during tests that did not fail are its evidence.
  if (raceConfirmed(pkg))
    for (const p of pkg.passedEvidence)
      if (p.evidence.type === 'race') found.push({ evidence: p.evidence, printedBy: p.test })

  const out: Ranked[] = []
  const handled = explainToolchainEvidence(pkg, found, resolver, stage, out)
  const raceReported = out.some((r) => r.failure.kind === 'data-race')
  for (const test of pkg.failed) {
    if (handled.has(test)) continue
    const failure = explainTest(pkg, test, resolver, stage, raceReported)
    if (failure) out.push({ failure, rank: EXPLAINING_RANK[failure.kind], seq: test.seq })
  }
  if (found.some((f) => f.evidence.type === 'race-outside') && !raceReported) {
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
    // Nothing failed on its own: a timeout or panic printed while a test that then passed was running explains it.
    const late = pkg.passedEvidence.filter(
      (p) => p.evidence.type === 'timeout' || p.evidence.type === 'panic'
    )
    if (late.length > 0)
      explainToolchainEvidence(
        pkg,
        late.map((p) => ({ evidence: p.evidence, printedBy: p.test })),
        resolver,
        stage,
        out
      )
  }
  if (out.length === 0) out.push(explainSilentPackage(pkg, resolver, stage))
  return out
}

/**
 * Timeouts, panics and race reports: each is a failure of its own. Returns the
 * failed tests they explain (a timeout or a panic ends the binary: tests left
 * running are explained by it).
 */
function explainToolchainEvidence(
  pkg: PackageRecord,
  found: readonly Found[],
  resolver: PathResolver,
  stage: Phase,
  out: Ranked[]
): Set<TestRecord> {
  const handled = new Set<TestRecord>()
  const failed = pkg.failed
  if (found.some((f) => f.evidence.type === 'timeout' || f.evidence.type === 'panic'))
    for (const test of failed) if (test.unfinished) handled.add(test)
  for (const { evidence, test, printedBy } of found) {
    const seq = test?.seq ?? pkg.seq
    if (evidence.type === 'timeout') {
      const failure = explainTimeout(pkg, evidence, resolver, stage, test?.name ?? printedBy)
      out.push({ failure, rank: EXPLAINING_RANK['timeout'], seq })
      if (test) handled.add(test)
    } else if (evidence.type === 'panic') {
      const blamed = test ? blameChild(failed, test) : undefined
      const failure = explainPanic(pkg, evidence, resolver, stage, blamed, printedBy)
      out.push({ failure, rank: EXPLAINING_RANK['panic'], seq })
      if (test) handled.add(test)
      if (blamed) handled.add(blamed)
    } else if (evidence.type === 'race') {
      // Every race report is a failure of its own, wherever it was printed.
      const failure = explainRace(pkg, evidence, resolver, stage, test, printedBy)
      out.push({ failure, rank: EXPLAINING_RANK['data-race'], seq })
      if (test) handled.add(test)
    }
  }
  return handled
}

/** A failed package with no failing test: TestMain or an os.Exit, a killed binary, or a stream cut short. */
function explainSilentPackage(pkg: PackageRecord, resolver: PathResolver, stage: Phase): Ranked {
  const output = pkg.output.lines()
  const explaining = excerpt(output, resolver).filter(
    (line) => !/^coverage: /.test(line) && line.trim() !== ''
  )
  const location = pkg.cutShort ? undefined : testMainExit(pkg.importPath, resolver)
  const reason = pkg.cutShort
    ? `The stream ended before ${pkg.importPath} finished: the run was cut short or the test binary was killed.`
    : pkg.proof !== undefined
      ? `go test reported the package as failed (${pkg.proof.trim()}) although no test failed.`
      : 'The test binary exited with a failure but printed no reason (TestMain or os.Exit, or it was killed).'
  const last = explaining[explaining.length - 1]
  return {
    failure: {
      kind: 'package-failure',
      stage,
      severity: 'error',
      package: pkg.importPath,
      location,
      title: pkg.cutShort
        ? `${pkg.importPath} did not finish: the stream ended first`
        : `${pkg.importPath} failed with no failing test${last !== undefined ? `: ${last}` : ''}`,
      message: explaining.length > 0 && !pkg.cutShort ? explaining.slice(-10).join('\n') : reason,
      output
    },
    rank: EXPLAINING_RANK['package-failure'],
    seq: pkg.seq
  }
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
    if (t.name.startsWith(`${test.name}/`) && t.evidence.length === 0 && t.name.length > blamed.name.length)
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
  evidence: PanicEvidence,
  resolver: PathResolver,
  stage: Phase,
  test: TestRecord | undefined,
  printedBy?: string
): Failure {
  const found = resolver.firstRepositoryFrame(evidence.frames)
  const message = stripRecovered(evidence.message)
  const inInit = !test && !printedBy && evidence.frames.some((f) => /\.init(?:\.\d+)?$/.test(f.func))
  const testName = test?.name ?? printedBy
  const where = testName ?? (inInit ? `init of ${pkg.importPath}` : pkg.importPath)
  const frameLines = evidence.frames
    .filter((f) => resolver.fromAbsolute(f.file) !== undefined)
    .slice(0, 8)
    .map((f) => frameText(f, resolver))
  return {
    kind: 'panic',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test: testName,
    location: found?.location,
    title: `${where} panicked: ${message}`,
    message: [`${evidence.fatal ? 'fatal error' : 'panic'}: ${message}`, ...frameLines].join('\n'),
    output: test?.output?.lines() ?? evidence.lines,
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
  evidence: TimeoutEvidence,
  resolver: PathResolver,
  stage: Phase,
  context: string | undefined
): Failure {
  const goroutine = pickStuckGoroutine(evidence.goroutines, evidence.running, pkg.importPath)
  const found = goroutine ? resolver.firstRepositoryFrame(goroutine.frames) : undefined
  const family = goroutine ? testFamily(goroutine.frames, pkg.importPath) : undefined
  // The stuck test: the deepest running test of the stuck goroutine's family.
  const running = evidence.running.filter((name) => family === undefined || name.split('/')[0] === family)
  const test = running[running.length - 1] ?? evidence.running[evidence.running.length - 1] ?? context
  const blocked = goroutine ? ` (${goroutine.state})` : ''
  return {
    kind: 'timeout',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test,
    location: found?.location,
    title: `${test ?? pkg.importPath} did not finish within ${evidence.after}${found ? `; blocked${blocked} at ${found.location.file}:${found.location.line}` : ''}`,
    message: [
      `timed out after ${evidence.after}${goroutine ? ` while blocked in ${goroutine.state}` : ''}${found ? '' : ' (no goroutine of the package was found in the dump)'}`,
      `panic: test timed out after ${evidence.after}`,
      ...(evidence.running.length > 0 ? ['running tests:', ...evidence.running.map((n) => `\t${n}`)] : []),
      ...(goroutine
        ? [
            tidyStackLine(goroutine.header, resolver),
            ...goroutine.frames.slice(0, 8).map((f) => frameText(f, resolver))
          ]
        : [])
    ].join('\n'),
    output: evidence.lines
  }
}

/** Where an access of a race happened: the first frame of the repository, else the first that is not Go's. */
function accessPlace(access: RaceAccess, resolver: PathResolver): { text: string; location?: Location } {
  const inside = resolver.firstRepositoryFrame(access.frames)
  if (inside) return { text: `${inside.location.file}:${inside.location.line}`, location: inside.location }
  const frame = access.frames.find((f) => !isToolchainFrame(f)) ?? access.frames[0]
  return { text: frame ? `${shortPath(frame.file, resolver)}:${frame.line}` : 'an unknown place' }
}

/** `read at a.go:13 by goroutine 8 races with a previous write at a.go:13 (goroutine 55)` */
function raceSentence(accesses: readonly RaceAccess[], resolver: PathResolver): string | undefined {
  const [now, before] = accesses
  if (!now) return undefined
  const first = `${now.what} at ${accessPlace(now, resolver).text} by ${now.goroutine}`
  if (!before) return first
  const previous = before.previous ? `a previous ${before.what}` : `a ${before.what}`
  return `${first} races with ${previous} at ${accessPlace(before, resolver).text} (${before.goroutine})`
}

function explainRace(
  pkg: PackageRecord,
  evidence: RaceEvidence,
  resolver: PathResolver,
  stage: Phase,
  test: TestRecord | undefined,
  printedBy?: string
): Failure {
  const first = evidence.accesses[0]
  const located = first ? accessPlace(first, resolver).location : undefined
  const found = located ?? resolver.firstRepositoryFrame(evidence.frames)?.location
  const sentence = raceSentence(evidence.accesses, resolver) ?? 'data race (WARNING: DATA RACE)'
  const testName = test?.name ?? printedBy
  const report = evidence.lines.map((line) => tidyStackLine(line, resolver))
  return {
    kind: 'data-race',
    stage,
    severity: 'error',
    package: pkg.importPath,
    test: testName,
    location: found,
    title: `Data race in ${testName ?? pkg.importPath}: ${sentence}`,
    message: [sentence, ...report.slice(0, 2 * MESSAGE_LINES)].join('\n'),
    output: test?.output?.lines() ?? evidence.lines,
    outputTruncated: (test?.output?.dropped ?? 0) > 0
  }
}

function explainTest(
  pkg: PackageRecord,
  test: TestRecord,
  resolver: PathResolver,
  stage: Phase,
  raceReported: boolean
): Failure | undefined {
  // A parent fails because a subtest failed; the subtest is the failure.
  const hasFailedChild = pkg.failed.some((t) => t !== test && t.name.startsWith(`${test.name}/`))
  const example = test.evidence.find((s) => s.type === 'example')
  const assertion = pickAssertion(test.evidence, resolver, pkg.importPath)
  const raceMarker = test.evidence.some((s) => s.type === 'race-in-test')
  if (hasFailedChild && !assertion && !example) return undefined
  // The race detector failed the test and the race's own report is already a failure: what else the
  // test printed (often a t.Log shaped like an assertion) is not why it failed.
  if (raceMarker && raceReported) return undefined
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
  if (raceMarker && !raceReported) {
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
    const text = assertionText(assertion)
    return failure(
      'test-failure',
      resolver.testFileLocation(pkg.importPath, assertion.file, assertion.line),
      `${test.name} failed: ${text.headline}`.trim(),
      text.lines.map((line) => tidyLine(line, resolver)).join('\n')
    )
  }
  const said = excerpt(output ?? [], resolver)
  if (test.unfinished) {
    return failure(
      'package-failure',
      testFunction(),
      `The test binary of ${pkg.importPath} exited while ${test.name} was running (os.Exit or a killed process)`,
      [
        `The test binary exited while ${test.name} was running.`,
        ...said.slice(-5),
        ...excerpt(pkg.output.lines(), resolver).slice(-5)
      ].join('\n')
    )
  }
  return failure(
    'test-failure',
    testFunction(),
    `${test.name} failed without a message`,
    said.length > 0
      ? [`${test.name} failed without a message; its last output:`, ...said.slice(-10)].join('\n')
      : `${test.name} called t.Fail or t.FailNow without a message.`
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
