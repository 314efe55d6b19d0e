// Folds test2json events into a run model, as Go's test2json and gotestsum's
// testjson do. Output of passing tests is dropped when they pass, so memory
// follows the number of failures, not the size of the log.
//
// The verdict rule, stated once: a package's verdict comes from its events AND
// from what its output proves. Output that proves a failure (go test's own
// `FAIL\t<pkg>` line, the race detector's `Found N data race(s)`, a test that
// failed) is never outvoted by a later `pass`. Output that proves nothing (what
// a test printed, a benchmark with no end event, a line that arrives after its
// test passed) never turns a pass red: it may only explain a package that failed.
import type { TestCounts } from '../model/report.js'
import { cutText } from '../text/lines.js'
import type { TestEvent } from './event.js'
import { type Evidence, isToolchainEvidence, OutputAnalyzer } from './evidence.js'
import { BoundedLines, MAX_LINE_BYTES } from './lines.js'

export type TestStatus = 'run' | 'pass' | 'fail' | 'skip'

export interface TestRecord {
  name: string
  status: TestStatus
  elapsed?: number
  /** Order in which the test ended (or the package ended, for tests left running). */
  seq: number
  /** True when the test got no terminal event: the binary died under it. */
  unfinished: boolean
  output: BoundedLines | null
  evidence: Evidence[]
  analyzer: OutputAnalyzer | null
  pending: string
  attrs?: Record<string, string>
}

export type PackageState = 'running' | 'pass' | 'fail' | 'skip'

export interface PackageRecord {
  importPath: string
  status: PackageState
  elapsed?: number
  cached: boolean
  noTestFiles: boolean
  /** `build failed` or `setup failed` from the package's FAIL line. */
  buildFailure?: 'build failed' | 'setup failed'
  /** Go 1.24+: the build (ImportPath key) whose failure failed this package. */
  failedBuild?: string
  /** `coverage: 83.3% of statements` as the package printed it. */
  coverage?: string
  /** The result the package printed (`PASS`/`FAIL` from the binary, `ok`/`FAIL` from go) before its end event. */
  printedResult?: 'pass' | 'fail'
  counts: TestCounts
  /** Tests still running or failed; passed and skipped ones are dropped. */
  tests: Map<string, TestRecord>
  /** True when the package failed past the package budget: counted, not explained. */
  compacted?: boolean
  failed: TestRecord[]
  output: BoundedLines
  analyzer: OutputAnalyzer
  pending: string
  seq: number
  /** While the package runs: tests that ended without failing, and how (late output and repeats are known by it). */
  ended: Map<string, EndedAs> | null
  /** What only the toolchain prints (timeouts, panics, race reports) from tests that did not fail. */
  passedEvidence: { test: string; evidence: Evidence }[]
  /** A line of the package's own output that proves it failed, whatever its final action says. */
  proof?: string
  /** True when the stream ended before the package did. */
  cutShort: boolean
  /** Top-level tests that started (any event), kept while the package runs and after it fails. */
  startedTests?: Set<string>
}

/** How a test that did not fail ended: benchmarks report without passing. */
type EndedAs = 'passed' | 'skipped' | 'benchmarked'

export interface BuildRecord {
  /** As the go command keys it: `m/pkg [m/pkg.test]`, or the text after `# ` on stderr. */
  key: string
  lines: string[]
  /** How many lines this record keeps: fewer once many builds have failed. */
  cap: number
  failed: boolean
  seq: number
}

export interface TestRun {
  packages: Map<string, PackageRecord>
  builds: Map<string, BuildRecord>
  /** Lines that were not test2json events, stdout and stderr, bounded. */
  rawLines: BoundedLines
  /** The last lines of everything, for "could not explain" reports. */
  tail: string[]
  /** Number of failed tests whose details were not kept (over the detail budget). */
  undetailedFailures: number
  /** Failed packages counted but not kept in detail (over the package budget). */
  undetailedPackages: number
  /** Packages counted but not kept (over the package budgets): their names and how they ended. */
  omittedPackages: ReadonlyMap<string, PackageState>
  /** Packages still running when the stream ended. */
  incomplete: string[]
  counts: TestCounts
  events: number
}

/** Where events that name no package go. */
export const UNNAMED_PACKAGE = '(no package)'

/** Failed tests kept with output and signals; past this only names and the first signal are kept. */
export const MAX_DETAILED_FAILURES = 200
/** Failed tests kept at all; past this they are only counted. Memory must not follow the log. */
export const MAX_KEPT_FAILURES = 2000
/** Failed packages kept with their output; past this they are counted, not explained. */
export const MAX_DETAILED_PACKAGES = 500
/** Passing packages kept for the package table; past this only their names are kept. */
export const MAX_KEPT_PASSING_PACKAGES = 500
const MAX_BUILD_LINES = 400
/** Build records kept with their output; past this a record keeps its first lines only. */
const MAX_DETAILED_BUILDS = 500
const UNDETAILED_BUILD_LINES = 3
const TAIL_LINES = 60
/** Toolchain evidence kept per package from tests that did not fail. */
const MAX_PASSED_EVIDENCE = 20

// go test's verdict line for a package, and the race detector's exit report.
const PACKAGE_FAIL_LINE = /^FAIL\t(\S+)(?:\t| \[|$)/
const RACES_FOUND = /^Found \d+ data race\(s\)$/

export interface CollectorHooks {
  /** Called when a package ends, with its final status. */
  onPackageEnd?: (pkg: PackageRecord) => void
}

export class TestRunCollector {
  private readonly packages = new Map<string, PackageRecord>()
  private readonly builds = new Map<string, BuildRecord>()
  private readonly rawLines = new BoundedLines(100, 200)
  private readonly tailRing: string[] = []
  private tailNext = 0
  private seq = 0
  private detailed = 0
  private undetailed = 0
  private failedPackages = 0
  private undetailedPackages = 0
  private keptPassing = 0
  private readonly omitted = new Map<string, PackageState>()
  private readonly totals: TestCounts = { passed: 0, failed: 0, skipped: 0 }
  private events = 0
  /** Pre-1.24 build errors arrive on stderr under a `# pkg` header. */
  private stderrBuild: BuildRecord | null = null

  constructor(private readonly hooks: CollectorHooks = {}) {}

  /**
   * A line of stdout that did not parse as an event, or any line of stderr. Go
   * before 1.24 (or GODEBUG=gotestjsonbuildtext=1) prints build errors as text on
   * stderr; a saved `2>&1` stream has them between the events, in any order.
   */
  addRawLine(line: string, _source: 'stdout' | 'stderr'): void {
    this.remember(line)
    this.rawLines.push(line)
    this.addTextBuildLine(line)
  }

  addEvent(event: TestEvent): void {
    this.events++
    switch (event.Action) {
      case 'build-output':
        this.addBuildOutput(event)
        return
      case 'build-fail':
        this.build(event.ImportPath ?? '').failed = true
        return
    }
    // An event that names no package still belongs to the run: never drop a fail.
    const pkg = this.pkg(event.Package ?? UNNAMED_PACKAGE)
    if (event.Test === undefined) {
      this.addPackageEvent(pkg, event)
      return
    }
    this.addTestEvent(pkg, event.Test, event)
  }

  /**
   * Ends the stream: packages still running failed (killed, timed out, cut short).
   * When the run was stopped on purpose (fail-fast), they did not run instead.
   */
  finish(stoppedOnPurpose = false): TestRun {
    const incomplete: string[] = []
    for (const pkg of this.packages.values()) {
      // A package that printed its result (`PASS`, `ok`, `FAIL`) before go-gate stopped the run finished.
      if (stoppedOnPurpose && pkg.status === 'running' && pkg.printedResult !== undefined)
        this.endPackage(pkg, pkg.printedResult)
      if (pkg.status === 'running') {
        incomplete.push(pkg.importPath)
        pkg.cutShort = true
        if (!stoppedOnPurpose) this.endPackage(pkg, 'fail')
      }
    }
    const counts: TestCounts = { ...this.totals }
    const tail = [...this.tailRing.slice(this.tailNext), ...this.tailRing.slice(0, this.tailNext)]
    return {
      packages: this.packages,
      builds: this.builds,
      rawLines: this.rawLines,
      tail,
      undetailedFailures: this.undetailed,
      undetailedPackages: this.undetailedPackages,
      omittedPackages: this.omitted,
      incomplete,
      counts,
      events: this.events
    }
  }

  private remember(line: string): void {
    if (this.tailRing.length < TAIL_LINES) this.tailRing.push(line)
    else {
      this.tailRing[this.tailNext] = line
      this.tailNext = (this.tailNext + 1) % TAIL_LINES
    }
  }

  private pkg(importPath: string): PackageRecord {
    let pkg = this.packages.get(importPath)
    if (!pkg) {
      pkg = {
        importPath,
        status: 'running',
        cached: false,
        noTestFiles: false,
        counts: { passed: 0, failed: 0, skipped: 0 },
        tests: new Map(),
        failed: [],
        output: new BoundedLines(100, 200),
        analyzer: new OutputAnalyzer(importPath),
        pending: '',
        seq: 0,
        ended: new Map(),
        passedEvidence: [],
        cutShort: false,
        startedTests: new Set()
      }
      // A late event for a passing package that was let go: it ended already.
      const ended = this.omitted.get(importPath)
      if (ended !== undefined) {
        pkg.status = ended
        pkg.compacted = ended === 'fail'
      }
      this.packages.set(importPath, pkg)
    }
    return pkg
  }

  private build(key: string): BuildRecord {
    let build = this.builds.get(key)
    if (!build) {
      const cap = this.builds.size < MAX_DETAILED_BUILDS ? MAX_BUILD_LINES : UNDETAILED_BUILD_LINES
      build = { key, lines: [], cap, failed: false, seq: ++this.seq }
      this.builds.set(key, build)
    }
    return build
  }

  private addBuildOutput(event: TestEvent): void {
    const build = this.build(event.ImportPath ?? '')
    for (const line of splitOutput(event.Output ?? '')) {
      this.remember(line)
      if (build.lines.length < build.cap) build.lines.push(line)
    }
  }

  private addTextBuildLine(line: string): void {
    if (line.startsWith('# ')) {
      const key = line.slice(2).trim()
      // `# [pkg]` follows `# pkg` when vet reports; keep it in the same record.
      if (this.stderrBuild && key === `[${this.stderrBuild.key.split(' ')[0]}]`) {
        this.stderrBuild.lines.push(line)
        return
      }
      this.stderrBuild = this.build(key)
      this.stderrBuild.lines.push(line)
      return
    }
    if (!this.stderrBuild) return
    if (this.stderrBuild.lines.length < this.stderrBuild.cap) this.stderrBuild.lines.push(line)
    // A compiler message under a `# pkg` header is a failed build, even when no package event names it.
    if (!this.stderrBuild.failed && COMPILER_MESSAGE.test(line)) this.stderrBuild.failed = true
  }

  private addPackageEvent(pkg: PackageRecord, event: TestEvent): void {
    switch (event.Action) {
      case 'output':
        pkg.pending = this.feedOutput(pkg.pending, event.Output ?? '', event.OutputType, (line, type) =>
          this.packageLine(pkg, line, type)
        )
        return
      case 'pass':
      case 'fail':
      case 'skip':
        if (event.Elapsed !== undefined) pkg.elapsed = event.Elapsed
        if (event.FailedBuild !== undefined) pkg.failedBuild = event.FailedBuild
        if (pkg.status === 'running') this.endPackage(pkg, event.Action)
        // A second, contradicting end: a failure always wins over a pass or skip.
        else if (event.Action === 'fail') this.refail(pkg)
        return
      default:
        return // start, and actions this reader does not know
    }
  }

  /** A line of the package's own output (no Test field), or a late line of a test that ended (`own` false). */
  private packageLine(pkg: PackageRecord, line: string, outputType?: string, own = true): void {
    this.remember(line)
    // Output after a package ended explains nothing new; keep memory flat.
    if (pkg.status !== 'running') return
    pkg.output.push(line)
    if (own && (line.startsWith('FAIL\t') || line.startsWith('ok  \t') || line.startsWith('?   \t'))) {
      if (line.endsWith('[build failed]')) pkg.buildFailure = 'build failed'
      else if (line.endsWith('[setup failed]')) pkg.buildFailure = 'setup failed'
      if (line.includes('(cached)')) pkg.cached = true
      if (line.includes('[no test files]')) pkg.noTestFiles = true
      if (line.startsWith('ok  \t')) pkg.printedResult = 'pass'
      else if (line.startsWith('FAIL\t')) pkg.printedResult = 'fail'
      const failLine = PACKAGE_FAIL_LINE.exec(line)
      if (failLine && (failLine[1] === pkg.importPath || pkg.importPath === UNNAMED_PACKAGE))
        pkg.proof ??= line
    } else if (own && RACES_FOUND.test(line)) pkg.proof ??= line
    // The test binary's own last word (`PASS`/`FAIL`): its tests are over, whatever comes next.
    if (line === 'PASS') pkg.printedResult ??= 'pass'
    else if (line === 'FAIL') pkg.printedResult ??= 'fail'
    const coverage = /coverage: (\d+(?:\.\d+)?)% of statements/.exec(line)
    if (coverage) pkg.coverage = coverage[1]
    pkg.analyzer.feed(line, outputType)
  }

  private addTestEvent(pkg: PackageRecord, name: string, event: TestEvent): void {
    pkg.startedTests?.add(rootTest(name))
    let test = pkg.tests.get(name)
    if (!test) {
      const endedAs = pkg.ended?.get(name)
      if (event.Action === 'run') {
        // -count=N runs a test again after it ended.
        if (endedAs !== undefined) pkg.ended?.delete(name)
      } else if (endedAs !== undefined) {
        switch (event.Action) {
          case 'output':
            // A goroutine still logging, or framing printed late: the test ended, the package owns the line.
            pkg.pending = this.feedOutput(pkg.pending, event.Output ?? '', event.OutputType, (line, type) =>
              this.packageLine(pkg, line, type, false)
            )
            return
          case 'fail':
            // A failure always wins: the test ended well before, it did not after all.
            pkg.ended?.delete(name)
            if (endedAs !== 'benchmarked') this.uncount(pkg, endedAs)
            break
          default:
            return // a second pass, skip or bench of the same run
        }
      }
      if (
        event.Action === 'output' ||
        event.Action === 'run' ||
        event.Action === 'attr' ||
        event.Action === 'fail'
      ) {
        test = {
          name,
          status: 'run',
          seq: 0,
          unfinished: false,
          output: new BoundedLines(100, 300),
          evidence: [],
          analyzer: new OutputAnalyzer(pkg.importPath),
          pending: ''
        }
        pkg.tests.set(name, test)
      } else if (event.Action === 'pass' || event.Action === 'skip') {
        // A terminal event for a test we never saw run still counts.
        this.count(pkg, event.Action === 'pass' ? 'passed' : 'skipped')
        pkg.ended?.set(name, event.Action === 'pass' ? 'passed' : 'skipped')
        return
      } else {
        return
      }
    }
    switch (event.Action) {
      case 'output':
        test.pending = this.feedOutput(test.pending, event.Output ?? '', event.OutputType, (line, type) => {
          this.remember(line)
          test.output?.push(line)
          test.analyzer?.feed(line, type)
        })
        return
      case 'attr':
        if (event.Key !== undefined) {
          test.attrs ??= {}
          test.attrs[event.Key] = event.Value ?? ''
        }
        return
      case 'pass':
      case 'skip':
      case 'bench':
        if (test.status !== 'run') return // duplicate or contradictory terminal event: the first one stands
        if (event.Action !== 'bench') this.count(pkg, event.Action === 'pass' ? 'passed' : 'skipped')
        this.endWithoutFailure(
          pkg,
          test,
          event.Action === 'pass' ? 'passed' : event.Action === 'skip' ? 'skipped' : 'benchmarked'
        )
        return
      case 'fail':
        if (test.status !== 'run') return
        test.elapsed = event.Elapsed
        this.failTest(pkg, test, false)
        return
      default:
        return // run, pause, cont and unknown actions
    }
  }

  /**
   * A test that passed, was skipped or reported as a benchmark: its output is let
   * go, except what only the toolchain prints (a timeout, a panic, a race report),
   * which may explain its package if the package fails.
   */
  private endWithoutFailure(pkg: PackageRecord, test: TestRecord, how: EndedAs): void {
    if (test.pending !== '') {
      test.analyzer?.feed(test.pending)
      test.pending = ''
    }
    if (test.analyzer) {
      test.analyzer.finish()
      for (const evidence of test.analyzer.evidence) {
        if (pkg.passedEvidence.length >= MAX_PASSED_EVIDENCE) break
        if (isToolchainEvidence(evidence, pkg.importPath))
          pkg.passedEvidence.push({ test: test.name, evidence })
      }
    }
    pkg.tests.delete(test.name)
    pkg.ended?.set(test.name, how)
  }

  /** A package that had ended reports a failure after all. */
  private refail(pkg: PackageRecord): void {
    if (pkg.status === 'fail') return
    pkg.status = 'fail'
    pkg.seq = ++this.seq
    this.hooks.onPackageEnd?.(pkg)
  }

  private count(pkg: PackageRecord, kind: keyof TestCounts): void {
    pkg.counts[kind]++
    this.totals[kind]++
  }

  private uncount(pkg: PackageRecord, kind: keyof TestCounts): void {
    if (pkg.counts[kind] > 0) pkg.counts[kind]--
    if (this.totals[kind] > 0) this.totals[kind]--
  }

  private failTest(pkg: PackageRecord, test: TestRecord, unfinished: boolean): void {
    if (test.pending !== '') {
      const rest = test.pending
      test.pending = ''
      test.output?.push(rest)
      test.analyzer?.feed(rest)
    }
    test.status = 'fail'
    test.unfinished = unfinished
    test.seq = ++this.seq
    this.count(pkg, 'failed')
    if (this.detailed >= MAX_KEPT_FAILURES) {
      // Far over budget: counted, and kept only as a name until its package ends.
      test.output = null
      test.analyzer = null
      test.evidence = []
      this.undetailed++
      if (pkg.status !== 'running') {
        pkg.tests.delete(test.name)
        this.refail(pkg)
      }
      return
    }
    pkg.failed.push(test)
    if (pkg.status !== 'running') {
      // The package already ended (events out of order): settle the test now, and the package failed.
      test.analyzer?.finish()
      test.evidence = test.analyzer?.evidence ?? test.evidence
      test.analyzer = null
      pkg.tests.delete(test.name)
      this.refail(pkg)
    }
    if (this.detailed >= MAX_DETAILED_FAILURES) {
      // Over budget: keep the name and the first evidence, drop the output.
      test.analyzer?.finish()
      test.evidence = (test.analyzer?.evidence ?? []).slice(0, 1)
      test.output = null
      test.analyzer = null
      this.undetailed++
    }
    this.detailed++
  }

  private endPackage(pkg: PackageRecord, action: 'pass' | 'fail' | 'skip'): void {
    if (pkg.status !== 'running') return
    if (pkg.pending !== '') {
      this.packageLine(pkg, pkg.pending)
      pkg.pending = ''
    }
    // Tests with no terminal event died with the binary (panic, timeout, os.Exit),
    // except benchmarks (they never pass, they report) and subtests of a test that
    // passed (golang/go#40771: their end events can go missing).
    for (const test of [...pkg.tests.values()]) {
      if (test.status !== 'run') continue
      if (isBenchmark(test.name) || pkg.ended?.get(rootTest(test.name)) === 'passed')
        this.endWithoutFailure(pkg, test, 'benchmarked')
      else this.failTest(pkg, test, true)
    }
    for (const test of pkg.failed) {
      if (test.analyzer) {
        test.analyzer.finish()
        test.evidence = test.analyzer.evidence
        test.analyzer = null
      }
    }
    pkg.analyzer.finish()
    pkg.tests.clear()
    pkg.ended = null
    // The verdict rule (see the top of this file): a failed test or the package's own proof outvotes a pass.
    pkg.status = pkg.counts.failed > 0 || pkg.proof !== undefined ? 'fail' : action
    if (pkg.status === 'fail') pkg.passedEvidence = explainingPassedEvidence(pkg)
    if (action === 'skip' && pkg.output.lines().some((line) => line.includes('[no test files]')))
      pkg.noTestFiles = true
    pkg.seq = ++this.seq
    this.hooks.onPackageEnd?.(pkg)
    this.settle(pkg)
  }

  /** Lets go of what an ended package no longer needs, within the package budgets. */
  private settle(pkg: PackageRecord): void {
    if (pkg.status === 'fail') {
      this.failedPackages++
      if (this.failedPackages <= MAX_DETAILED_PACKAGES) return
      // Over budget: counted, remembered by name as failed, not explained.
      this.undetailedPackages++
      this.packages.delete(pkg.importPath)
      this.omitted.set(pkg.importPath, 'fail')
      return
    }
    // A package that passed explains nothing: keep its counts, not its output.
    pkg.output = EMPTY_LINES
    pkg.startedTests = undefined
    pkg.analyzer = new OutputAnalyzer(pkg.importPath)
    pkg.passedEvidence = []
    this.keptPassing++
    if (this.keptPassing > MAX_KEPT_PASSING_PACKAGES) {
      this.packages.delete(pkg.importPath)
      this.omitted.set(pkg.importPath, pkg.status)
    }
  }

  /** Joins output fragments until a newline; -json splits lines over 1 KiB. */
  private feedOutput(
    pending: string,
    output: string,
    outputType: string | undefined,
    onLine: (line: string, outputType?: string) => void
  ): string {
    let text = pending + output
    let newline = text.indexOf('\n')
    while (newline >= 0) {
      onLine(text.slice(0, newline), outputType)
      text = text.slice(newline + 1)
      newline = text.indexOf('\n')
    }
    // A fragment with no newline yet waits for the rest; cap it like a line.
    return cutText(text, MAX_LINE_BYTES)
  }
}

/** True when the race detector itself says a race happened in the package: a test or the binary failed for it. */
export function raceConfirmed(pkg: PackageRecord): boolean {
  const isRace = (e: Evidence) => e.type === 'race' || e.type === 'race-in-test' || e.type === 'race-outside'
  return (
    pkg.failed.some((t) => t.evidence.some(isRace) || (t.analyzer?.evidence.some(isRace) ?? false)) ||
    pkg.analyzer.evidence.some(isRace) ||
    RACES_FOUND.test(pkg.proof ?? '')
  )
}

/**
 * What a failed package keeps of its passing tests' evidence: what can explain it.
 * Race reports when the race detector confirmed a race; a timeout or a panic only
 * when no test failed (else the failed tests explain the package).
 */
function explainingPassedEvidence(pkg: PackageRecord): PackageRecord['passedEvidence'] {
  if (pkg.passedEvidence.length === 0) return pkg.passedEvidence
  const races = raceConfirmed(pkg)
  return pkg.passedEvidence.filter((p) => (p.evidence.type === 'race' ? races : pkg.failed.length === 0))
}

function rootTest(name: string): string {
  const slash = name.indexOf('/')
  return slash < 0 ? name : name.slice(0, slash)
}

function isBenchmark(name: string): boolean {
  return name.startsWith('Benchmark')
}

// `./x.go:3:14: message` or `pkg/x.go:3: message`: what makes a `# pkg` section a failed build.
const COMPILER_MESSAGE = /^\S[^:]*\.go:\d+(?::\d+)?: /

/** The output of a package that was let go; it keeps nothing. */
const EMPTY_LINES = new BoundedLines(0, 0)

function splitOutput(output: string): string[] {
  const lines = output.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}
