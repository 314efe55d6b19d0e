// The fail-fast note, decided by the core on a recorded stream: one package,
// three tests, the first fails under -failfast and the other two never start.
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { declaredTests, failFastNote, packageTests, selectsTests } from '../../src/gotest/failfast.js'
import type { SourceIndex } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { REPO_ROOT } from '../support/runner.js'
import { loadStream } from '../support/streams.js'

const PKG = 'example.com/failfastsingle'
const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'failfast-single')

/** The run model of the recorded stream, as go-gate read it after stopping the run. */
function recordedRun() {
  const reader = new TestJsonReader()
  reader.pushStdout(loadStream('failfast-single').stdout)
  return reader.finish(true)
}

/** The fixture's package as the pipeline's source index has it: its files, read from this checkout. */
function fixtureIndex(): SourceIndex {
  const files = readdirSync(FIXTURE).filter((f) => f.endsWith('.go'))
  return {
    repoRoot: FIXTURE,
    commandDir: FIXTURE,
    packages: new Map([[PKG, { importPath: PKG, dir: FIXTURE, files }]]),
    fileText: (file) => readFileSync(file, 'utf8')
  }
}

describe('fail-fast note', () => {
  test('names the tests of the failed package that never started, in plain words', () => {
    const run = recordedRun()
    const started = run.packages.get(PKG)?.startedTests
    expect([...(started ?? [])]).toEqual(['TestParse'])
    const note = failFastNote({
      failedPackage: PKG,
      declared: packageTests(fixtureIndex(), PKG),
      started,
      unfinished: [],
      flags: ['-failfast']
    })
    expect(note).toBe(
      'Stopped at the first failure (fail-fast): TestFormat and TestRoundTrip in example.com/failfastsingle never ran.'
    )
    // A one-package repository: no word about other packages.
    expect(note).not.toMatch(/package/)
  })

  test('says nothing when every declared test started and no package was cut short', () => {
    const run = recordedRun()
    const note = failFastNote({
      failedPackage: PKG,
      declared: ['TestParse'],
      started: run.packages.get(PKG)?.startedTests,
      unfinished: [],
      flags: []
    })
    expect(note).toBeUndefined()
    // A package where no test started (a build failure, a panic in init) was not stopped by fail-fast.
    expect(
      failFastNote({
        failedPackage: PKG,
        declared: packageTests(fixtureIndex(), PKG),
        started: new Set(),
        unfinished: [],
        flags: []
      })
    ).toBeUndefined()
  })

  test('with -run the tests left out were chosen by the flags: they are not named', () => {
    const run = recordedRun()
    expect(
      failFastNote({
        failedPackage: PKG,
        declared: packageTests(fixtureIndex(), PKG),
        started: run.packages.get(PKG)?.startedTests,
        unfinished: [],
        flags: ['-run', 'TestParse']
      })
    ).toBeUndefined()
    expect(selectsTests(['-run=^TestParse$'])).toBe(true)
    expect(selectsTests(['-test.skip', 'X'])).toBe(true)
    expect(selectsTests(['-count=1', '-failfast'])).toBe(false)
  })

  test('many tests are counted past five; unfinished packages are counted and a few named', () => {
    const declared = ['TestA', 'TestB', 'TestC', 'TestD', 'TestE', 'TestF', 'TestG', 'TestH']
    const note = failFastNote({
      failedPackage: 'example.com/m/api',
      declared,
      started: new Set(['TestA']),
      unfinished: ['example.com/m/a', 'example.com/m/b', 'example.com/m/c', 'example.com/m/d'],
      flags: []
    })
    expect(note).toBe(
      'Stopped at the first failure (fail-fast): 7 tests in example.com/m/api never ran (TestB, TestC, TestD, TestE, TestF and 2 more); ' +
        '4 packages did not finish: example.com/m/a, example.com/m/b, example.com/m/c and 1 more.'
    )
    expect(
      failFastNote({
        failedPackage: 'example.com/m/api',
        declared: ['TestA'],
        started: new Set(['TestA']),
        unfinished: ['example.com/m/slow'],
        flags: []
      })
    ).toBe('Stopped at the first failure (fail-fast): example.com/m/slow did not finish.')
  })

  test('declared tests: Test functions on *testing.T only, as go test finds them', () => {
    const text = readFileSync(path.join(FIXTURE, 'price_test.go'), 'utf8')
    expect(declaredTests(text)).toEqual(['TestParse', 'TestFormat', 'TestRoundTrip'])
    expect(
      declaredTests(
        [
          'func Testify(t *testing.T) {}',
          'func TestMain(m *testing.M) {}',
          'func BenchmarkX(b *testing.B) {}',
          'func Test(t *testing.T) {}',
          'func Test_under(tt *tst.T) {}',
          '\tfunc TestIndented(t *testing.T) {}'
        ].join('\n')
      )
    ).toEqual(['Test', 'Test_under'])
  })
})
