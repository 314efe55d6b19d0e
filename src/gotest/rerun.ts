// Reruns of failed tests (rerun-failed): which failures may be rerun, the `-run`
// pattern that selects exactly one test, and what the attempts make of the stage.
// Pure: the pipeline runs the attempts and hands back whether each passed.

import type { Failure, FlakyTest, RootCauseKind, StageResult } from '../model/report.js'
import { plural } from '../text/plural.js'
import type { TestRun } from './collect.js'

/**
 * Kinds a rerun may turn around: one test's own failure. Races, build, vet and package
 * failures are bugs. A panic or a timeout ends the package's test binary, so the tests
 * after it never ran: rerunning the one test would hide them, so they are not rerun either.
 */
const RERUNNABLE: ReadonlySet<RootCauseKind> = new Set(['test-failure'])

export interface RerunTarget {
  package: string
  test: string
  /** The `-run` value that selects this test alone. */
  pattern: string
  failure: Failure
}

export interface RerunPlan {
  targets: RerunTarget[]
  /** Why nothing is rerun although tests failed (for the summary). */
  skipped?: string
}

/** Go's regexp.QuoteMeta: the characters `-run` would read as regular-expression syntax. */
function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&')
}

/**
 * The `-run` pattern that matches one test and nothing else: `^TestX$/^sub_case$`.
 * go test matches each `/`-separated level of the name on its own, so each level is
 * anchored and quoted; the names are the ones the stream shows (spaces already `_`).
 */
export function runPattern(test: string): string {
  return test
    .split('/')
    .map((level) => `^${quoteMeta(level)}$`)
    .join('/')
}

/**
 * The `go test` arguments of one rerun: the stage's flags without the coverage profile
 * (coverage is the first run's; a rerun must not overwrite it) and any -count, then
 * `-count=1 -run <pattern>` (the last -run wins over the stage's own) and the package.
 */
export function rerunArgs(
  flags: readonly string[],
  target: Pick<RerunTarget, 'pattern' | 'package'>
): string[] {
  const kept: string[] = []
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]
    if (/^--?(coverprofile|coverpkg|count)$/.test(flag)) {
      i++
      continue
    }
    if (/^--?(coverprofile|coverpkg|count)=/.test(flag)) continue
    kept.push(flag)
  }
  return ['test', '-json', ...kept, '-count=1', '-run', target.pattern, target.package]
}

/** Decides what to rerun from a stage's failures; nothing when a failure is not one a rerun can explain. */
export function planReruns(
  result: Pick<StageResult, 'failures'>,
  options: { attempts: number; maxFailures: number }
): RerunPlan {
  if (options.attempts <= 0 || result.failures.length === 0) return { targets: [] }
  const bug = result.failures.find((f) => !RERUNNABLE.has(f.kind) || !f.test || !f.package)
  if (bug) {
    return {
      targets: [],
      skipped: `Failed tests were not rerun: ${whyNotRerun(bug)}.`
    }
  }
  const targets = new Map<string, RerunTarget>()
  for (const failure of result.failures) {
    const pkg = failure.package as string
    const test = failure.test as string
    targets.set(`${pkg}\u0000${test}`, { package: pkg, test, pattern: runPattern(test), failure })
  }
  if (targets.size > options.maxFailures) {
    return {
      targets: [],
      skipped: `Failed tests were not rerun: ${targets.size} failed, more than rerun-max-failures (${options.maxFailures}); that many failures is a broken build, not flakiness.`
    }
  }
  return { targets: [...targets.values()] }
}

function whyNotRerun(failure: Failure): string {
  const where = failure.test ? ` in ${failure.test}` : failure.package ? ` in ${failure.package}` : ''
  switch (failure.kind) {
    case 'data-race':
      return `the stage has a data race${where}, a bug a rerun would only hide`
    case 'compile-error':
      return 'the stage has a compile error, a bug a rerun cannot fix'
    case 'vet-error':
      return 'the stage has a vet error, a bug a rerun cannot fix'
    case 'panic':
    case 'timeout':
      return `the stage has a ${failure.kind}${where}, which ended its package's test binary, so the tests after it never ran`
    default:
      return `the stage has a failure of kind ${failure.kind}${where}, which is not one test's own failure`
  }
}

export interface RerunOutcome {
  target: RerunTarget
  /** One entry a rerun attempt, true when the test passed in it. Stops at the first pass. */
  reruns: boolean[]
}

/**
 * Folds the reruns into the stage's result: the final state drives the failures and
 * counts. A test that passed on a rerun is flaky: under `warn` it leaves the failures
 * (a warning keeps its first failure's message and line), under `fail` it stays a failure
 * named flaky. A test that failed every attempt stays, saying so.
 */
export function applyReruns(
  result: StageResult,
  outcomes: readonly RerunOutcome[],
  flaky: 'warn' | 'fail',
  /** The names of the tests that failed in the first run, by package (parents of a failed subtest included). */
  failedTests: ReadonlyMap<string, readonly string[]>
): void {
  const flakyTests: FlakyTest[] = []
  const cleared = new Set<Failure>()
  for (const { target, reruns } of outcomes) {
    if (reruns.length === 0) continue
    const attempts = reruns.length + 1
    const passedAt = reruns.indexOf(true)
    const failure = target.failure
    if (passedAt < 0) {
      failure.rerun = `failed ${attempts} of ${attempts} attempts`
      continue
    }
    const entry: FlakyTest = {
      package: target.package,
      test: target.test,
      passedOn: passedAt + 2,
      attempts,
      firstFailure: { ...failure }
    }
    flakyTests.push(entry)
    const said = `flaky: failed on the first run, passed on attempt ${entry.passedOn} of ${attempts}`
    if (flaky === 'fail') {
      failure.rerun = said
      continue
    }
    cleared.add(failure)
    result.notices.push({
      ...failure,
      severity: 'warning',
      title: `Flaky test ${target.test}: ${said}. First failure: ${failure.title}`,
      message: `Flaky test ${target.test}: ${said}. The first failure:\n\n${failure.message}`,
      rerun: said
    })
  }
  if (flakyTests.length === 0) return
  result.flaky = flakyTests
  if (cleared.size === 0) return
  result.failures = result.failures.filter((f) => !cleared.has(f))
  moveCounts(result, [...cleared], failedTests)
  if (result.failures.length === 0) result.status = 'passed'
  const n = flakyTests.length
  result.notes.push(
    `${plural(n, 'test')} failed and then passed on a rerun: flaky, not blocking (flaky: warn). Coverage is the first run's.`
  )
}

/** Moves a cleared test, and each parent that failed only through it, from failed to passed. */
function moveCounts(
  result: StageResult,
  cleared: readonly Failure[],
  failedTests: ReadonlyMap<string, readonly string[]>
): void {
  const still = result.failures.filter((f) => f.test && f.package)
  const within = (name: string, test: string) => test === name || test.startsWith(`${name}/`)
  const moved = new Set<string>()
  for (const failure of cleared) {
    const pkg = failure.package as string
    const test = failure.test as string
    // The test itself and the failed tests it runs under (a subtest's name may hold `/` of its own).
    const names = (failedTests.get(pkg) ?? [test]).filter(
      (name) =>
        within(name, test) &&
        !moved.has(`${pkg}\u0000${name}`) &&
        !still.some((f) => f.package === pkg && within(name, f.test as string))
    )
    for (const name of names) moved.add(`${pkg}\u0000${name}`)
    const count = names.length
    if (result.tests) {
      const take = Math.min(count, result.tests.failed)
      result.tests = {
        ...result.tests,
        failed: result.tests.failed - take,
        passed: result.tests.passed + take
      }
    }
    const row = result.packages?.find((p) => p.importPath === pkg)
    if (row) {
      const take = Math.min(count, row.tests.failed)
      row.tests = { ...row.tests, failed: row.tests.failed - take, passed: row.tests.passed + take }
      if (row.status === 'failed' && !still.some((f) => f.package === pkg)) row.status = 'passed'
    }
  }
}

/** The names of a run's failed tests by package, for applyReruns. */
export function failedTestNames(run: TestRun): Map<string, string[]> {
  const names = new Map<string, string[]>()
  for (const pkg of run.packages.values()) {
    if (pkg.failed.length > 0)
      names.set(
        pkg.importPath,
        pkg.failed.map((t) => t.name)
      )
  }
  return names
}
