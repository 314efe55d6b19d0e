// Ends every test run with one plain line that any CI can read:
// "tests: N passed, N failed, N skipped".
export default class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    // Suites that failed to run at all count as failures too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    process.stderr.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
