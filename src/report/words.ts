// What "failed" counts, in words.
import type { Failure } from '../model/report.js'
import { plural } from '../text/plural.js'

export { plural }

/**
 * "2 failed" as a reader expects it. Go fails a parent test with each failing
 * subtest, so go's count is larger than the failures shown: say which is which.
 */
export function countFailedTests(goCount: number, failures: readonly Failure[]): string {
  const tests = new Set(failures.filter((f) => f.test !== undefined).map((f) => f.test as string))
  const parents = new Set<string>()
  for (const test of tests) {
    const parts = test.split('/')
    for (let i = 1; i < parts.length; i++) parents.add(parts.slice(0, i).join('/'))
  }
  const failingParents = [...parents].filter((p) => !tests.has(p)).length
  if (tests.size === 0 || failingParents === 0 || tests.size + failingParents !== goCount)
    return `${goCount} failed`
  return `${goCount} failed (${plural(tests.size, 'failing test')} and ${plural(failingParents, 'parent')} that ${failingParents === 1 ? 'fails' : 'fail'} with ${tests.size === 1 ? 'it' : 'them'})`
}
