// A file outside the workspace is never annotated: a panic frame in Go's own
// sources, a -fullpath assertion in a module next to the repository, a compile
// error in `../broken`, a path that climbs out with `..`, a sibling folder whose
// name starts like the repository's, a symlinked root. Every annotated file is
// repository-relative, without `..`, inside the repository.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import type { SourceIndex } from '../../src/gotest/locate.js'
import { rankAnnotations } from '../../src/report/rank.js'
import { type ActionRun, runAction } from '../support/runner.js'
import { linesWith, writeTree } from './go-tree.js'
import { reportFromStream } from './stream-report.js'

/** The property every annotation must have. */
function expectInside(file: string | undefined, repoRoot: string): void {
  if (file === undefined) return
  expect(path.isAbsolute(file)).toBe(false)
  expect(file.split('/')).not.toContain('..')
  const resolved = path.resolve(repoRoot, file)
  expect(resolved.startsWith(`${repoRoot}${path.sep}`)).toBe(true)
}

// ---------------------------------------------------------------------------
// Real go: the repository replaces two modules with folders beside it.

const FILES: Record<string, string> = {
  'other/go.mod': 'module example.com/other\n\ngo 1.22\n',
  'other/other.go': `package other

import "testing"

// Check fails t from outside the repository, without t.Helper: the line is here.
func Check(t *testing.T, got, want int) {
	if got != want {
		t.Errorf("got %d, want %d", got, want)
	}
}

// Boom panics from outside the repository.
func Boom() {
	panic("boom from a module outside the workspace")
}
`,
  'broken/go.mod': 'module example.com/broken\n\ngo 1.22\n',
  'broken/broken.go': 'package broken\n\nfunc Value() int { return "not an int" }\n',
  'repo/go.mod': `module example.com/repo

go 1.22

require (
	example.com/broken v0.0.0
	example.com/other v0.0.0
)

replace (
	example.com/broken => ../broken
	example.com/other => ../other
)
`,
  'repo/stdpanic/stdpanic_test.go': `package stdpanic

import (
	"strings"
	"testing"
)

func TestStdPanic(t *testing.T) {
	n := -1
	_ = strings.Repeat("x", n) // gate:want panic
}
`,
  'repo/helper/helper_test.go': `package helper

import (
	"testing"

	"example.com/other"
)

func TestOutsideHelper(t *testing.T) {
	other.Check(t, 1, 2)
}
`,
  'repo/otherpanic/otherpanic_test.go': `package otherpanic

import (
	"testing"

	"example.com/other"
)

func TestOtherPanic(t *testing.T) {
	other.Boom() // gate:want panic
}
`,
  'repo/usesbroken/usesbroken.go':
    'package usesbroken\n\nimport "example.com/broken"\n\nfunc Twice() int { return 2 * broken.Value() }\n',
  'repo/usesbroken/usesbroken_test.go':
    'package usesbroken\n\nimport "testing"\n\nfunc TestTwice(t *testing.T) { _ = Twice() }\n'
}

let base: string
let repo: string
let run: ActionRun

beforeAll(async () => {
  base = writeTree('go-gate-hostile-paths-', FILES)
  repo = path.join(base, 'repo')
  run = await runAction({
    workspace: repo,
    inputs: {
      stages: 'unit',
      race: 'false',
      cache: 'false',
      'fail-fast': 'false',
      'go-test-flags': '-fullpath'
    }
  })
}, 180_000)

describe('real go output that names files outside the workspace', () => {
  test('the run failed on the compile error in ../broken, not annotated there', () => {
    expect(run.outputs['root-cause-kind']).toBe('compile-error')
    expect(run.outputs['root-cause']).toContain('example.com/broken')
    const root = run.annotations.find((a) => a.title?.startsWith('Root cause:'))
    expect(root?.file).toBeUndefined()
  })

  test('every annotated file is in the repository, and the panics land on the repository frames', () => {
    for (const a of run.annotations) {
      expectInside(a.file, repo)
      if (a.file !== undefined) expect(existsSync(path.join(repo, a.file))).toBe(true)
    }
    const want = Object.entries(FILES)
      .filter(([file]) => file.startsWith('repo/'))
      .flatMap(([file, source]) =>
        linesWith(source, 'gate:want').map((line) => `${file.slice('repo/'.length)}:${line}`)
      )
    const located = run.annotations.filter((a) => a.file !== undefined).map((a) => `${a.file}:${a.line}`)
    expect(located.sort()).toEqual(want.sort())
  })

  test('nothing names Go’s sources or the modules beside the repository as a file', () => {
    for (const a of run.annotations) {
      expect(a.file ?? '').not.toMatch(/^\/|\.\.|usr\/local\/go|other\.go|broken\.go/)
    }
  })
})

// ---------------------------------------------------------------------------
// Any path a stream can print, through the pure core.

const REPO_ROOT = '/work/repo'
const INDEX: SourceIndex = {
  repoRoot: REPO_ROOT,
  commandDir: path.join(REPO_ROOT, 'svc'),
  packages: new Map([
    [
      'example.com/repo/svc/a',
      { importPath: 'example.com/repo/svc/a', dir: path.join(REPO_ROOT, 'svc', 'a') }
    ],
    [
      'example.com/repo/svc/b',
      {
        importPath: 'example.com/repo/svc/b',
        dir: path.join(REPO_ROOT, 'svc', 'b'),
        files: ['b.go', 'b_test.go']
      }
    ]
  ])
}

const PATHS = [
  '/usr/local/go/src/strings/strings.go',
  '/usr/local/go/src/testing/testing.go',
  '/root/go/pkg/mod/example.com/dep@v1.0.0/dep.go',
  '/work/other/x.go',
  '/work/repo-sibling/x.go',
  '/work/repo2/x.go',
  '/work/repo/../other/x.go',
  '/work/repo/./svc/../../etc/passwd.go',
  '/work/repo',
  '/work/repo/',
  '//work/repo/svc/a/a.go',
  '/work/repo/svc/a/a_test.go',
  '/work/repo/svc/b/b_test.go',
  '../other/x.go',
  '../../x.go',
  '../../../../../../etc/x.go',
  './a/a.go',
  'a/a.go',
  'b_test.go',
  'a_test.go',
  '../b/b_test.go',
  '..\\..\\windows.go',
  'C:\\repo\\x.go',
  '~/x.go',
  '$HOME/x.go',
  ''
]

const pathArb = fc.oneof(
  fc.constantFrom(...PATHS),
  fc
    .array(fc.constantFrom('..', '.', 'svc', 'a', 'b', 'work', 'repo', 'etc', '', 'x.go'), {
      minLength: 1,
      maxLength: 7
    })
    .map((parts) => `${parts.join('/')}.go`),
  fc
    .array(fc.constantFrom('..', '.', 'svc', 'a', 'work', 'repo', 'other', ''), {
      minLength: 1,
      maxLength: 7
    })
    .map((parts) => `/${parts.join('/')}/x.go`)
)

/** Lines that carry a file: an assertion, a panic frame, a race frame, a compile error, a timeout's stuck goroutine. */
function linesNaming(file: string, pkg: string): { test: string[]; build: string[] } {
  return {
    test: [
      `    ${file}:12: assertion with the path`,
      'panic: boom [recovered]',
      'goroutine 7 [running]:',
      `${pkg}.TestA(0xc000102340)`,
      `\t${file}:15 +0x1d`,
      'WARNING: DATA RACE',
      'Write at 0x00c0000 by goroutine 8:',
      `  ${pkg}.TestA.func1()`,
      `      ${file}:20 +0x44`,
      'panic: test timed out after 5s',
      'running tests:',
      '\t\tTestA (5s)',
      'goroutine 9 [chan receive]:',
      `${pkg}.TestA(0xc000102340)`,
      `\t${file}:30 +0x2f`
    ],
    build: [`${file}:3:2: undefined: x`]
  }
}

describe('any file a stream names', () => {
  test('is annotated only inside the repository, relative and without ..', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            file: pathArb,
            pkg: fc.constantFrom('example.com/repo/svc/a', 'example.com/repo/svc/b'),
            shape: fc.nat()
          }),
          {
            minLength: 1,
            maxLength: 6
          }
        ),
        (cases) => {
          const events: Record<string, unknown>[] = []
          cases.forEach((c, i) => {
            const { test, build } = linesNaming(c.file, c.pkg)
            const Test = `TestA/case_${i}`
            // Each case picks a few of the lines, from the shape number.
            const picked = test.filter((_, k) => (c.shape >> k) % 2 === 1 || k === 0)
            events.push({ Action: 'run', Package: c.pkg, Test })
            for (const line of picked)
              events.push({ Action: 'output', Package: c.pkg, Test, Output: `${line}\n` })
            events.push({ Action: 'fail', Package: c.pkg, Test })
            if (c.shape % 3 === 0) {
              const ImportPath = `${c.pkg} [${c.pkg}.test]`
              events.push({ Action: 'build-output', ImportPath, Output: `# ${c.pkg}\n` })
              for (const line of build)
                events.push({ Action: 'build-output', ImportPath, Output: `${line}\n` })
              events.push({ Action: 'build-fail', ImportPath })
            }
          })
          for (const pkg of new Set(cases.map((c) => c.pkg))) events.push({ Action: 'fail', Package: pkg })
          const report = reportFromStream(
            { stdout: [events.map((e) => `${JSON.stringify(e)}\n`).join('')] },
            INDEX
          )
          expect(report.result).toBe('failure')
          for (const a of rankAnnotations(report)) expectInside(a.file, REPO_ROOT)
          for (const f of report.stages.flatMap((s) => s.failures)) expectInside(f.location?.file, REPO_ROOT)
        }
      ),
      { numRuns: 300 }
    )
  })

  test('a symlinked repository root: frames under the real path are not guessed into the repository', () => {
    // GITHUB_WORKSPACE=/work/link -> /work/real; the go command printed the real path.
    const index: SourceIndex = { ...INDEX, repoRoot: '/work/link', commandDir: '/work/link' }
    const pkg = 'example.com/repo/svc/a'
    const lines = [
      'panic: boom [recovered]',
      'goroutine 7 [running]:',
      `${pkg}.TestA(0x1)`,
      '\t/work/real/svc/a/a_test.go:15 +0x1d'
    ]
    const events = [
      { Action: 'run', Package: pkg, Test: 'TestA' },
      ...lines.map((l) => ({ Action: 'output', Package: pkg, Test: 'TestA', Output: `${l}\n` })),
      { Action: 'fail', Package: pkg, Test: 'TestA' },
      { Action: 'fail', Package: pkg }
    ]
    const report = reportFromStream({ stdout: [events.map((e) => `${JSON.stringify(e)}\n`).join('')] }, index)
    expect(report.rootCause?.kind).toBe('panic')
    expect(report.rootCause?.location).toBeUndefined()
    for (const a of rankAnnotations(report)) expectInside(a.file, '/work/link')
  })
})
