// A go command whose failure nothing explained, and a program that could not start: no Go needed.
// On output recorded from go1.26.8 and golangci-lint v2.15.0 (GOFLAGS=-buildvcs=false GOTOOLCHAIN=local)
import { describe, expect, test } from '@jest/globals'
import { programNotStartedFailure } from '../../src/errors.js'
import { unexplainedGoFailure } from '../../src/gobuild/unexplained.js'

describe('a go command nothing explained (gobuild/unexplained)', () => {
  test("go test that could not start its work says the toolchain, with go's line", () => {
    // `CGO_ENABLED=0 go test -json -race ./...` (go1.26.8): stderr only, no events.
    const failure = unexplainedGoFailure({
      command: 'go test',
      stage: 'unit',
      exitCode: 1,
      tail: ['go: -race requires cgo; enable cgo by setting CGO_ENABLED=1'],
      rawLines: []
    })
    expect(failure).toMatchObject({
      kind: 'toolchain',
      stage: 'unit',
      title: 'go test could not run: go: -race requires cgo; enable cgo by setting CGO_ENABLED=1'
    })
  })

  test('go test with nothing known is a package failure that says it cannot tell why', () => {
    const tail = Array.from({ length: 30 }, (_, i) => `line ${i}`)
    const failure = unexplainedGoFailure({ command: 'go test', stage: 'integration', exitCode: 2, tail })
    expect(failure.kind).toBe('package-failure')
    expect(failure.title).toBe(
      'go test exited with status 2 and go-gate could not tell why; the raw output follows'
    )
    expect(failure.message.split('\n')).toEqual(tail.slice(10))
    expect(failure.output).toEqual(tail)
  })

  test('go build that printed nothing readable is a build error', () => {
    const failure = unexplainedGoFailure({ command: 'go build', stage: 'build', exitCode: null, tail: [] })
    expect(failure).toMatchObject({
      kind: 'build-error',
      title: 'go build exited with status unknown and printed no error go-gate could read'
    })
  })
})

describe('a program that could not be started', () => {
  test('is toolchain, titled with the program and the reason', () => {
    const error = Object.assign(new Error('spawn go ENOENT'), { code: 'ENOENT' })
    expect(programNotStartedFailure('go', 'build', error)).toEqual({
      kind: 'toolchain',
      stage: 'build',
      severity: 'error',
      title: 'go could not be started: spawn go ENOENT',
      message: 'spawn go ENOENT'
    })
    expect(programNotStartedFailure('golangci-lint', 'lint', error, 'Tried to run /x.').message).toBe(
      'Tried to run /x.'
    )
  })
})
