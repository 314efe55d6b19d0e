// What the tidy stage's failed go mod commands mean, decided in the core: no Go needed.
// On output recorded from go1.26.8 and golangci-lint v2.15.0 (GOFLAGS=-buildvcs=false GOTOOLCHAIN=local)
import { describe, expect, test } from '@jest/globals'
import { explainTidyDiff, type TidyDrift } from '../../src/gomod/drift.js'
import { parseModDirectives } from '../../src/gomod/modfile.js'
import { dependencyFailure, driftFailure, requirementLocation } from '../../src/gomod/tidy-failure.js'

// __tests__/fixtures/tidy-missing/go.mod, as it is.
const TIDY_MISSING_GO_MOD = `module example.com/tidy-missing

go 1.22

require example.com/ledgerkit v1.4.0
`
const files = { goModFile: 'svc/go.mod', directives: parseModDirectives(TIDY_MISSING_GO_MOD) }

describe('tidy failures (gomod/tidy-failure)', () => {
  test('go mod download that cannot reach a module points at its require line', () => {
    // `GOPROXY=off go mod download` in __tests__/fixtures/tidy-missing.
    const stderr = 'go: example.com/ledgerkit@v1.4.0: module lookup disabled by GOPROXY=off\n'
    const failure = dependencyFailure('go mod download', { stdout: '', stderr, exitCode: 1 }, files)
    expect(failure).toMatchObject({
      kind: 'dependency',
      stage: 'tidy',
      location: { file: 'svc/go.mod', line: 5 },
      title:
        'go mod download failed for example.com/ledgerkit@v1.4.0: example.com/ledgerkit@v1.4.0: module lookup disabled by GOPROXY=off',
      message: 'go: example.com/ledgerkit@v1.4.0: module lookup disabled by GOPROXY=off'
    })
  })

  test('go mod tidy names the package and finds its module by prefix; progress lines are dropped', () => {
    // `GOPROXY=off go mod tidy -diff` in __tests__/fixtures/tidy-missing.
    const stderr = [
      'go: downloading example.com/ledgerkit v1.4.0',
      'go: example.com/tidy-missing/ledger imports',
      '\texample.com/ledgerkit/journal: module lookup disabled by GOPROXY=off',
      ''
    ].join('\n')
    const failure = dependencyFailure('go mod tidy', { stdout: '', stderr, exitCode: 1 }, files)
    expect(failure.location).toEqual({ file: 'svc/go.mod', line: 5 })
    expect(failure.title).toBe(
      'go mod tidy failed for example.com/ledgerkit/journal: example.com/tidy-missing/ledger imports'
    )
    expect(failure.message).not.toContain('downloading')
  })

  test('a failure with no output says its exit status; no module named, no location', () => {
    const failure = dependencyFailure('go mod verify', { stdout: '', stderr: '', exitCode: 1 }, files)
    expect(failure.title).toBe('go mod verify failed: exit status 1')
    expect(failure.message).toBe('go mod verify exited with status 1.')
    expect(failure.location).toBeUndefined()
    expect(requirementLocation(files, ['example.com/other@v1.0.0'])).toBeUndefined()
  })

  test('a diff that removes a requirement is mod-tidy at its line; one that only adds go.sum lines is dependency', () => {
    const removed = driftFailure(
      { ...emptyDrift(), goModChanged: true, removed: ['example.com/ledgerkit'], line: 5 },
      files
    )
    expect(removed.kind).toBe('mod-tidy')
    expect(removed.location).toEqual({ file: 'svc/go.mod', line: 5 })
    expect(removed.title).toMatch(/^go\.mod is not tidy: /)
    expect(removed.message).toContain('Required but not used: example.com/ledgerkit')

    const sums = ['a v1 h1', 'b v1 h1', 'c v1 h1', 'd v1 h1']
    const missing = driftFailure({ ...emptyDrift(), goSumChanged: true, sumMissing: sums }, files)
    expect(missing.kind).toBe('dependency')
    expect(missing.title).toBe('go.sum has no entry for a v1 h1, b v1 h1, c v1 h1 and 1 more')
  })

  test('a diff that could not be read still fails, at the module line', () => {
    const failure = driftFailure(explainTidyDiff('not a diff', files.directives), files)
    expect(failure.kind).toBe('mod-tidy')
    expect(failure.location).toEqual({ file: 'svc/go.mod', line: 1 })
  })
})

function emptyDrift(): TidyDrift {
  return {
    line: 1,
    modules: [],
    goModChanged: false,
    goSumChanged: false,
    removed: [],
    added: [],
    changed: [],
    sumMissing: [],
    sumUnused: [],
    otherGoModLines: []
  }
}
