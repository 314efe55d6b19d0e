// golangci-lint's and go vet's exit status, read in the core: no Go or golangci-lint needed.
// On output recorded from go1.26.8 and golangci-lint v2.15.0 (GOFLAGS=-buildvcs=false GOTOOLCHAIN=local)
import { describe, expect, test } from '@jest/globals'
import { judgeGolangciRun, vetRunFailure } from '../../src/lint/exit-status.js'
import { parseVetOutput } from '../../src/lint/vet.js'

describe("golangci-lint's exit status (lint/exit-status)", () => {
  const base = {
    version: '2.15.0',
    signal: null,
    issuesExitCode: 1,
    workingDirectory: 'svc'
  }

  test('issues found with a result: the findings, nothing else', () => {
    const finding = {
      tool: 'golangci-lint',
      linter: 'errcheck',
      severity: 'error',
      kind: 'lint',
      text: 'x'
    } as const
    const outcome = judgeGolangciRun({
      ...base,
      exitCode: 1,
      tail: [],
      report: { findings: [finding], warnings: ['w'] }
    })
    expect(outcome).toEqual({ findings: [finding], leading: [], notes: ['golangci-lint: w'] })
  })

  test('exit 5 is no Go files: a note, no failure', () => {
    // golangci-lint v2.15.0 in a module with no Go files.
    const tail = [
      'level=error msg="Running error: context loading failed: no go files to analyze: running `go mod tidy` may solve the problem"'
    ]
    const outcome = judgeGolangciRun({
      ...base,
      exitCode: 5,
      tail,
      unreadable: 'golangci-lint wrote no JSON result'
    })
    expect(outcome.leading).toEqual([])
    expect(outcome.notes).toEqual(['golangci-lint found no Go files to analyze in svc.'])
  })

  test('exit 4 is its own timeout', () => {
    const outcome = judgeGolangciRun({ ...base, exitCode: 4, tail: ['level=error msg="Timeout exceeded"'] })
    expect(outcome.leading.map((f) => f.kind)).toEqual(['timeout'])
    expect(outcome.rawTail).toEqual(['level=error msg="Timeout exceeded"'])
  })

  test('a v1 config: toolchain, the reason it gave, and the migrate hint', () => {
    // golangci-lint v2.15.0 in __tests__/fixtures/lint-v1-config.
    const tail = [
      'Error: can\'t load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions',
      'The command is terminated due to an error: can\'t load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions'
    ]
    const outcome = judgeGolangciRun({
      ...base,
      exitCode: 3,
      tail,
      unreadable: 'golangci-lint wrote no JSON result'
    })
    expect(outcome.leading).toHaveLength(1)
    expect(outcome.leading[0].kind).toBe('toolchain')
    expect(outcome.leading[0].title).toBe(
      'golangci-lint 2.15.0 failed to run: can\'t load config: unsupported version of the configuration: "" See https://golangci-lint.run/docs/product/migration-guide for migration instructions'
    )
    expect(outcome.leading[0].message).toContain('`golangci-lint migrate`')
  })

  test('a crash that said nothing names why the result is missing', () => {
    const outcome = judgeGolangciRun({
      ...base,
      exitCode: 2,
      tail: [],
      unreadable: 'golangci-lint wrote no JSON result'
    })
    expect(outcome.leading[0].title).toBe(
      'golangci-lint 2.15.0 failed to run: golangci-lint wrote no JSON result'
    )
  })
})

describe('go vet that failed without findings (lint/exit-status)', () => {
  const paths = { moduleDir: '/repo', repoRoot: '/repo' }
  test('a missing module is dependency', () => {
    // `GOPROXY=off go vet ./...` in __tests__/fixtures/missing-module.
    const tail = [
      'ids/ids.go:7:2: no required module provides package github.com/google/uuid; to add it:',
      '\tgo get github.com/google/uuid'
    ]
    const findings = parseVetOutput(tail.join('\n'), paths)
    // vet's own parser reads the type error as a finding; without findings the rule still names it.
    expect(vetRunFailure(1, tail, [])?.kind).toBe('dependency')
    expect(vetRunFailure(1, tail, findings)).toBeUndefined()
    expect(vetRunFailure(0, [], [])).toBeUndefined()
  })

  test('anything else is toolchain, titled with its first line', () => {
    const failure = vetRunFailure(2, ['', 'vet: boom'], [])
    expect(failure).toMatchObject({ kind: 'toolchain', title: 'go vet failed: vet: boom' })
    expect(vetRunFailure(2, [], [])?.title).toBe('go vet failed: exit status 2')
  })
})
