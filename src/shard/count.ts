// How many tests a package declares, read from its _test.go files: the weight of a
// package when no measured timings say better.

// `go test` runs TestXxx where Xxx does not start with a lower-case letter (`Test` alone too).
const TEST_FUNCTION = /^func\s+Test(?:[^\p{Ll}(\s][\p{L}\p{N}_]*)?\s*\(/gmu

/** The test functions a _test.go file declares (methods and TestMain excluded). */
export function countTestFunctions(fileText: string): number {
  let n = 0
  for (const m of fileText.matchAll(TEST_FUNCTION)) {
    if (!/^func\s+TestMain\s*\(/.test(m[0])) n++
  }
  return n
}
