// Every test of a run as it ended, with its time: what JUnit's testcases and a shard's result
// need, and what the run model lets go of (it keeps failures only). Fed the events of the first
// run; bounded, so memory follows the number of tests up to a cap, never the log.
import type { TestCase } from '../model/report.js'
import type { TestEvent } from './event.js'

/** Tests kept; past this they are counted as dropped. 100,000 cases take about 15 MB. */
export const MAX_TEST_CASES = 100_000

export class TestCaseLog {
  private readonly cases: TestCase[] = []
  /** The last case of each test, and whether a `run` came after it (-count=N runs it again). */
  private readonly last = new Map<string, { testCase: TestCase; rerun: boolean }>()
  private dropped = 0

  constructor(private readonly max = MAX_TEST_CASES) {}

  add(event: TestEvent): void {
    if (event.Test === undefined || event.Package === undefined) return
    const key = `${event.Package}\u0000${event.Test}`
    if (event.Action === 'run') {
      const known = this.last.get(key)
      if (known) known.rerun = true
      return
    }
    const status =
      event.Action === 'pass'
        ? 'passed'
        : event.Action === 'fail'
          ? 'failed'
          : event.Action === 'skip'
            ? 'skipped'
            : undefined
    if (status === undefined) return
    const known = this.last.get(key)
    if (known && !known.rerun) {
      // A second end of the same run: a failure always wins.
      if (status === 'failed') known.testCase.status = status
      return
    }
    if (this.cases.length >= this.max) {
      this.dropped++
      return
    }
    const testCase: TestCase = { package: event.Package, test: event.Test, status }
    if (event.Elapsed !== undefined) testCase.elapsedSeconds = event.Elapsed
    this.cases.push(testCase)
    this.last.set(key, { testCase, rerun: false })
  }

  /** The tests in the order they ended (a test run N times N times), and how many were not kept. */
  finish(): { testCases: TestCase[]; dropped: number } {
    return { testCases: this.cases, dropped: this.dropped }
  }
}
