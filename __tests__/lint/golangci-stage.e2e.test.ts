// The lint stage with the real golangci-lint (installed by .ci/install-golangci-lint.sh):
// findings land on the marked lines, as errors or warnings, the repository's .golangci.yml
// and lint-args are honoured, and a config v2 refuses is named as the cause.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { GOLANGCI_LINT_DEFAULT_VERSION } from '../../src/constants.js'
import { parseGolangciVersion } from '../../src/lint/release.js'
import { runCapturingOutput } from '../../src/pipeline/process.js'
import { runLintStage } from '../../src/pipeline/stages/lint.js'
import { FIXTURES, fixtureContext, lintMarkers, seen, testEnv } from './harness.js'

const byPlace = (a: { file?: string; line?: number }, b: { file?: string; line?: number }) =>
  (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0)

beforeAll(async () => {
  const result = await runCapturingOutput('golangci-lint', ['version'], {
    cwd: FIXTURES,
    env: testEnv(),
    timeoutMs: 60_000
  })
  const version = result.spawnError ? undefined : parseGolangciVersion(result.stdout + result.stderr)
  if (`v${version}` !== GOLANGCI_LINT_DEFAULT_VERSION) {
    throw new Error(
      `These tests need golangci-lint ${GOLANGCI_LINT_DEFAULT_VERSION} on PATH (or in $(go env GOPATH)/bin); found ${
        version ?? 'none'
      }. Run .ci/install-golangci-lint.sh first.`
    )
  }
})

describe('lint stage with golangci-lint on PATH', () => {
  test('every finding lands on its marked line, with the severity the config gives it', async () => {
    const ctx = await fixtureContext('lint-findings')
    const result = await runLintStage(ctx)

    expect(ctx.reporter.infos).toContain(
      `Using golangci-lint ${GOLANGCI_LINT_DEFAULT_VERSION.slice(1)} from PATH.`
    )
    expect(result.status).toBe('failed')
    expect(result.notes).toEqual([])
    const want = lintMarkers('lint-findings').map((m) => ({
      file: m.file,
      line: m.line,
      kind: 'lint',
      severity: m.severity,
      linter: m.linter
    }))
    expect(want.length).toBe(7)
    const got = [...result.failures, ...result.notices].map(seen)
    expect(got.sort(byPlace)).toEqual(want.sort(byPlace))
    // Warnings (unused is demoted in .golangci.yml) are shown, not failing.
    expect(result.notices.map((f) => f.title)).toEqual(['unused: func reset is unused'])
    expect(result.failures.every((f) => f.severity === 'error')).toBe(true)
    const govet = result.failures.find((f) => f.title.startsWith('govet:'))
    expect(govet).toMatchObject({
      stage: 'lint',
      title: 'govet: printf: fmt.Sprintf call needs 2 args but has 3 args',
      location: { file: '__tests__/fixtures/lint-findings/inventory/stock.go', line: 27, col: 9 }
    })
    // The log shows golangci-lint's own text output.
    expect(
      ctx.reporter.lines.some((l) =>
        l.includes('inventory/stock.go:27:9: printf: fmt.Sprintf call needs 2 args')
      )
    ).toBe(true)
    expect(result.command).toMatch(/^golangci-lint run --output\.json\.path=\S+ --output\.text\.path=stdout /)
  })

  test('a clean module passes with nothing to show', async () => {
    const ctx = await fixtureContext('lint-clean')
    const result = await runLintStage(ctx)
    expect(result).toMatchObject({ stage: 'lint', status: 'passed', failures: [], notices: [], notes: [] })
  })

  test('lint-args reach golangci-lint', async () => {
    const ctx = await fixtureContext('lint-findings', { 'lint-args': '--enable-only=errcheck' })
    const result = await runLintStage(ctx)
    expect(result.failures.map(seen)).toEqual(
      lintMarkers('lint-findings')
        .filter((m) => m.linter === 'errcheck')
        .map((m) => ({ file: m.file, line: m.line, kind: 'lint', severity: 'error', linter: 'errcheck' }))
    )
    expect(result.notices).toEqual([])
    expect(result.command).toMatch(/ --enable-only=errcheck$/)
  })

  test('code that does not compile is a compile-error at the broken line, not at the import', async () => {
    const ctx = await fixtureContext('compile-src')
    const result = await runLintStage(ctx)
    expect(result.status).toBe('failed')
    expect(seen(result.failures[0])).toEqual({
      file: '__tests__/fixtures/compile-src/internal/model/user.go',
      line: 29,
      kind: 'compile-error',
      severity: 'error',
      linter: 'typecheck'
    })
    expect(result.failures[0].title).toBe(
      'typecheck: invalid operation: u.Name + " <" + u.Email + ">" + u.ID (mismatched types string and int)'
    )
  })

  test('a missing module is a dependency failure', async () => {
    const ctx = await fixtureContext('missing-module')
    const result = await runLintStage(ctx)
    expect(seen(result.failures[0])).toEqual({
      file: '__tests__/fixtures/missing-module/ids/ids.go',
      line: 7,
      kind: 'dependency',
      severity: 'error',
      linter: 'typecheck'
    })
    expect(result.failures[0].title).toContain('no required module provides package github.com/google/uuid')
  })

  test('a v1 config golangci-lint v2 refuses is a toolchain failure that says so', async () => {
    const ctx = await fixtureContext('lint-v1-config')
    const result = await runLintStage(ctx)
    expect(result.status).toBe('failed')
    expect(result.failures).toHaveLength(1)
    const [failure] = result.failures
    expect(failure.kind).toBe('toolchain')
    expect(failure.location).toBeUndefined()
    expect(failure.title).toBe(
      `golangci-lint ${GOLANGCI_LINT_DEFAULT_VERSION.slice(1)} failed to run: can't load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions`
    )
    expect(failure.message).toContain('`golangci-lint migrate` converts it to v2')
    expect(result.rawTail?.join('\n')).toContain("can't load config")
  })
})
