// Every test of a run as it ended, with its time: what JUnit's testcases and a shard's result
// need, and what the run model lets go of (it keeps failures only). Fed the events of the first
// run; bounded, so memory follows the number of tests up to a cap, never the log.
import type { TestCase } from '../model/report.js'
import type { TestEvent } from './event.js'

/** Tests kept; past this they are counted as dropped. 100,000 cases take about 15 MB. */
export const MAX_TEST_CASES = 100_000

export class TestCaseLog {
  private readonly cases = new Map<string, TestCase>()
  private dropped = 0

  constructor(private readonly max = MAX_TEST_CASES) {}

  add(event: TestEvent): void {
    if (event.Test === undefined || event.Package === undefined) return
    const status =
      event.Action === 'pass'
        ? 'passed'
        : event.Action === 'fail'
          ? 'failed'
          : event.Action === 'skip'
            ? 'skipped'
            : undefined
    if (status === undefined) return
    const key = `${event.Package}\u0000${event.Test}`
    const known = this.cases.get(key)
    if (known) {
      // -count=N runs a test again; a failure in any run stands, the times add up.
      if (known.status !== 'failed') known.status = status
      if (event.Elapsed !== undefined) known.elapsedSeconds = (known.elapsedSeconds ?? 0) + event.Elapsed
      return
    }
    if (this.cases.size >= this.max) {
      this.dropped++
      return
    }
    const testCase: TestCase = { package: event.Package, test: event.Test, status }
    if (event.Elapsed !== undefined) testCase.elapsedSeconds = event.Elapsed
    this.cases.set(key, testCase)
  }

  /** The tests in the order they ended, and how many were not kept. */
  finish(): { testCases: TestCase[]; dropped: number } {
    return { testCases: [...this.cases.values()], dropped: this.dropped }
  }
}
