// Quarantine: known flaky tests whose failures are reported but never fail the gate.
// A pattern is `pkg/path.TestName`, `TestName` or `TestName/sub*` (`*` matches any
// run of characters); a pattern also covers the subtests of what it names. Only a
// test's own failure is quarantined: a race, a panic or a timeout ends more than one
// test (the tests after a panic never ran) and still fails the gate.

import type { Failure, QuarantinedTest, StageResult } from '../model/report.js'
import { plural } from '../text/plural.js'

export type QuarantineMatcher = (pkg: string, test: string) => boolean

function globSource(pattern: string): string {
  return pattern
    .split('*')
    .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
    .join('.*')
}

export function quarantineMatcher(patterns: readonly string[]): QuarantineMatcher {
  if (patterns.length === 0) return () => false
  const tests = patterns.map((p) => new RegExp(`^${globSource(p)}(?:/.*)?$`, 's'))
  const qualified = patterns.map((p) => new RegExp(`(?:^|/)${globSource(p)}(?:/.*)?$`, 's'))
  return (pkg, test) => tests.some((re) => re.test(test)) || qualified.some((re) => re.test(`${pkg}.${test}`))
}

/**
 * Moves the failures of quarantined tests to notices, so they never fail the stage, and
 * records which quarantined tests failed and which passed (those can be released).
 */
export function applyQuarantine(
  result: StageResult,
  matches: QuarantineMatcher,
  passed: readonly { package: string; test: string }[]
): void {
  const quarantined: QuarantinedTest[] = []
  const kept: Failure[] = []
  for (const failure of result.failures) {
    if (
      failure.kind === 'test-failure' &&
      failure.test &&
      failure.package &&
      matches(failure.package, failure.test)
    ) {
      quarantined.push({
        package: failure.package,
        test: failure.test,
        failed: true,
        failure: { ...failure }
      })
      result.notices.push({
        ...failure,
        severity: 'notice',
        title: `Quarantined test ${failure.test} failed (not blocking): ${failure.title}`,
        message: `Quarantined test ${failure.test} failed (not blocking).\n\n${failure.message}`,
        rerun: 'quarantined, not blocking'
      })
      continue
    }
    kept.push(failure)
  }
  const key = (pkg: string, test: string) => `${pkg}\u0000${test}`
  const failedNames = new Set(quarantined.map((q) => key(q.package, q.test)))
  const passedNames = new Set(passed.map((p) => key(p.package, p.test)))
  for (const p of passed) {
    // A quarantined test's subtests pass with it: name the test once.
    const levels = p.test.split('/')
    const underPassed = levels.some(
      (_, i) => i > 0 && passedNames.has(key(p.package, levels.slice(0, i).join('/')))
    )
    if (!underPassed && !failedNames.has(key(p.package, p.test))) quarantined.push({ ...p, failed: false })
  }
  if (quarantined.length === 0) return
  result.quarantined = quarantined
  if (kept.length === result.failures.length) return
  result.failures = kept
  if (kept.length === 0) result.status = 'passed'
  const n = quarantined.filter((q) => q.failed).length
  result.notes.push(`${plural(n, 'quarantined test')} failed and did not fail the gate (quarantine).`)
}
