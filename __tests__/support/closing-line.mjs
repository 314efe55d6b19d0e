// Ends every test run with one plain line that any CI can read:
// "tests: N passed, N failed, N skipped". One line per run, whichever projects
// ran (npm test: unit and e2e summed; test:unit or test:e2e: that part).
// Printed as the process exits, so it comes after Jest's own summary.
export default class ClosingLineReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    // Suites that failed to run at all count as failures too.
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites
    const line = `tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`
    process.once('exit', () => process.stderr.write(line))
  }
}
