// Fail-fast stops `go test` at the first failed package. A package that had
// already printed its result (the binary's PASS, go's `ok` line) finished: it
// is not "stopped", and its tests count as run. Recorded from examples/service.
import { describe, expect, test } from '@jest/globals'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { loadStream } from '../support/streams.js'

const STORE = 'example.com/service/internal/store'
const lines = loadStream('example-service').stdout.toString('utf8').split('\n')
const storeEnd = lines.findIndex(
  (l) => l.includes('"Action":"pass"') && l.includes(STORE) && !l.includes('"Test"')
)
const storeLine = (text: string) =>
  lines.findIndex((l) => l.includes(STORE) && !l.includes('"Test"') && l.includes(JSON.stringify(text)))

/** The stream as go-gate would have read it had the run been stopped after line `upTo`. */
function stoppedAfter(upTo: number) {
  const reader = new TestJsonReader()
  reader.pushStdout(`${lines.slice(0, upTo + 1).join('\n')}\n`)
  return reader.finish(true)
}

describe('a run stopped on purpose', () => {
  test.each([
    ['the binary printed PASS', 'PASS\n'],
    ["go printed the package's ok line", `ok  \t${STORE}\t0.012s\n`]
  ])('after %s, the package finished and passed', (_, text) => {
    const at = storeLine(text)
    expect(at).toBeGreaterThan(0)
    expect(at).toBeLessThan(storeEnd)
    const run = stoppedAfter(at)
    expect(run.packages.get(STORE)?.status).toBe('pass')
    expect(run.incomplete).not.toContain(STORE)
  })

  test('before it printed a result, the package is still incomplete', () => {
    const run = stoppedAfter(storeLine('PASS\n') - 1)
    expect(run.packages.get(STORE)?.status).toBe('running')
    expect(run.incomplete).toContain(STORE)
  })
})
