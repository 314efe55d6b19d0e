// go build output, recorded from go1.26.8, to failures: compile errors with
// their line, link and cgo failures as build-error, go command errors by kind.
import { describe, expect, test } from '@jest/globals'
import { explainBuildOutput } from '../../src/gobuild/explain.js'
import { PathResolver } from '../../src/gotest/locate.js'

const resolver = new PathResolver({ repoRoot: '/repo', commandDir: '/repo/svc', packages: new Map() })
const explain = (text: string) => explainBuildOutput(text.split('\n'), resolver, 'build')

describe('explainBuildOutput', () => {
  test('a compile error: compile-error at the file, line and column, paths from the folder go ran in', () => {
    const [failure, ...rest] = explain(`# example.com/build-tag/license
license/enterprise.go:8:20: Key(tier).TierName undefined (type Key has no field or method TierName)`)
    expect(rest).toEqual([])
    expect(failure).toMatchObject({
      kind: 'compile-error',
      package: 'example.com/build-tag/license',
      location: { file: 'svc/license/enterprise.go', line: 8, col: 20 },
      title:
        'example.com/build-tag/license does not compile: Key(tier).TierName undefined (type Key has no field or method TierName)',
      message:
        'license/enterprise.go:8:20: Key(tier).TierName undefined (type Key has no field or method TierName)'
    })
  })

  test('a link error: build-error with no position', () => {
    const [failure] = explain(`# example.com/build-link/cmd/digest
main.main: relocation target example.com/build-link/crc.sum32 not defined`)
    expect(failure).toMatchObject({
      kind: 'build-error',
      package: 'example.com/build-link/cmd/digest',
      title:
        'example.com/build-link/cmd/digest does not link: main.main: relocation target example.com/build-link/crc.sum32 not defined'
    })
    expect(failure.location).toBeUndefined()
  })

  test("cgo's C compiler: build-error, still at the line of the preamble", () => {
    const [failure] = explain(`# example.com/cgo
./c.go: In function 'add':
./c.go:4:37: error: expected ';' before '}' token
    4 | int add(int a, int b) { return a + b }
      |                                     ^~
      |                                     ;`)
    expect(failure).toMatchObject({
      kind: 'build-error',
      location: { file: 'svc/c.go', line: 4, col: 37 },
      title: "example.com/cgo fails in cgo: error: expected ';' before '}' token"
    })
  })

  test('go command errors: a missing module is dependency and comes before compile errors', () => {
    const [missingSum] =
      explain(`d.go:2:8: missing go.sum entry for module providing package github.com/google/uuid (imported by example.com/sum); to add:
	go get example.com/sum`)
    expect(missingSum).toMatchObject({ kind: 'dependency', location: { file: 'svc/d.go', line: 2, col: 8 } })
    const separate =
      explain(`go: example.com/app/api: no required module provides package github.com/x/y; to add it:
	go get github.com/x/y
# example.com/app/store
store/store.go:9:1: syntax error: unexpected }`)
    expect(separate.map((f) => f.kind)).toEqual(['dependency', 'compile-error'])
    expect(separate[0].title).toBe(
      'go build cannot be set up: example.com/app/api: no required module provides package github.com/x/y; to add it:'
    )
  })

  test('-race without cgo: toolchain', () => {
    const [failure] = explain('go: -race requires cgo; enable cgo by setting CGO_ENABLED=1')
    expect(failure.kind).toBe('toolchain')
  })
})
