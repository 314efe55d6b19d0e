// What fail-fast left undone, in words for a reader who does not know the flag:
// go test -failfast starts no new test in a package after its first failure,
// and go-gate stops the whole run when a package fails. The note names the
// top-level tests of the failed package that never started, and the packages
// cut short, and says nothing when the stop left nothing undone.
import path from 'node:path'
import { plural } from '../text/plural.js'
import type { SourceIndex } from './locate.js'

/** Tests named in full; past this the rest are counted. */
export const NAMED_TESTS = 5
/** Unfinished packages named in full; past this the rest are counted. */
export const NAMED_PACKAGES = 3

// `func TestX(t *testing.T)` at the start of a line; the testing import may be renamed.
const TEST_DECL = /^func\s+(Test\w*)\s*\(\s*\w+\s+\*\w+\.T\s*\)/gm

/**
 * Top-level test functions declared in one Go file, in file order. As go test
 * does, `Test` must be followed by nothing or by a character that is not a
 * lower-case letter (`Testify` is not a test).
 */
export function declaredTests(text: string): string[] {
  const names: string[] = []
  for (const m of text.matchAll(TEST_DECL)) {
    const name = m[1]
    const next = name.charAt(4)
    if (next === '' || !/[a-z]/.test(next)) names.push(name)
  }
  return names
}

/** Top-level tests declared in a package's _test.go files, as the source index read them; undefined when unread. */
export function packageTests(index: SourceIndex, importPath: string): string[] | undefined {
  const pkg = index.packages.get(importPath)
  if (!pkg?.files || !index.fileText) return undefined
  const names: string[] = []
  let read = false
  for (const base of pkg.files) {
    if (!base.endsWith('_test.go')) continue
    const text = index.fileText(path.join(pkg.dir, base))
    if (text === undefined) continue
    read = true
    for (const name of declaredTests(text)) if (!names.includes(name)) names.push(name)
  }
  return read ? names : undefined
}

export interface FailFastStop {
  /** The package whose failure stopped the run. */
  failedPackage: string
  /** Top-level tests declared in its test files; undefined when they could not be read. */
  declared: readonly string[] | undefined
  /** Top-level tests of that package that started (from the run model); undefined when not kept. */
  started: ReadonlySet<string> | undefined
  /** Other packages the stop cut short or never started. */
  unfinished: readonly string[]
  /** The go test flags: with -run or -skip a declared test may have been left out on purpose. */
  flags: readonly string[]
}

/** True when the flags choose which tests run (-run, -skip): then not running is no sign of the stop. */
export function selectsTests(flags: readonly string[]): boolean {
  return flags.some((flag) => /^--?(?:test\.)?(?:run|skip)(?:=|$)/.test(flag))
}

/** Names, the last few counted: "A, B and C", "A, B, C and 4 more". */
function listed(names: readonly string[], shown: number): string {
  if (names.length <= shown) {
    return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
  }
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`
}

/** Declared tests that never started, in declaration order. */
export function testsNeverRun(stop: FailFastStop): string[] {
  // No test started: the package did not build or died before its tests (init, TestMain), not a fail-fast stop.
  if (!stop.declared || !stop.started || stop.started.size === 0 || selectsTests(stop.flags)) return []
  const started = stop.started
  return stop.declared.filter((name) => !started.has(name))
}

/**
 * The note for a run fail-fast stopped, or undefined when every test of the
 * failed package ran and no other package was cut short.
 *
 * "Stopped at the first failure (fail-fast): TestB and TestC in example.com/m never ran."
 * "Stopped at the first failure (fail-fast): 7 tests in example.com/m/api never ran (TestB, ... and 2 more);
 *  2 packages did not finish: example.com/m/a and example.com/m/b."
 */
export function failFastNote(stop: FailFastStop): string | undefined {
  const parts: string[] = []
  const never = testsNeverRun(stop)
  if (never.length > 0 && never.length <= NAMED_TESTS) {
    parts.push(`${listed(never, NAMED_TESTS)} in ${stop.failedPackage} never ran`)
  } else if (never.length > NAMED_TESTS) {
    parts.push(
      `${plural(never.length, 'test')} in ${stop.failedPackage} never ran (${listed(never, NAMED_TESTS)})`
    )
  }
  const unfinished = stop.unfinished.filter((p) => p !== stop.failedPackage)
  if (unfinished.length === 1) parts.push(`${unfinished[0]} did not finish`)
  else if (unfinished.length > 1) {
    parts.push(
      `${plural(unfinished.length, 'package')} did not finish: ${listed(unfinished, NAMED_PACKAGES)}`
    )
  }
  if (parts.length === 0) return undefined
  return `Stopped at the first failure (fail-fast): ${parts.join('; ')}.`
}
