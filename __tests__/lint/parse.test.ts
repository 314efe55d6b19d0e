// The pure lint core on output recorded from golangci-lint v2.15.0 and Go 1.26 over the
// lint fixtures (and older shapes where Go changed its output).
import { describe, expect, test } from '@jest/globals'
import {
  compareVersions,
  GolangciOutputError,
  gofmtFindings,
  golangciRunArgs,
  issuesExitCode,
  type LintFinding,
  lintFindingsToFailures,
  lintSeverity,
  parseChecksums,
  parseGofmtDiff,
  parseGofmtList,
  parseGolangciJson,
  parseGolangciVersion,
  parseVetOutput,
  releaseAsset,
  releaseUrl
} from '../../src/lint/index.js'

const repoRoot = '/repo'
const paths = { moduleDir: '/repo/svc', repoRoot }

describe('parseGolangciJson', () => {
  const issue = (over: Record<string, unknown>) => ({
    FromLinter: 'errcheck',
    Text: 'Error return value of `f.Close` is not checked',
    Severity: 'error',
    SourceLines: ['\tdefer f.Close()'],
    Pos: { Filename: '/repo/svc/inventory/stock.go', Offset: 752, Line: 36, Column: 15 },
    ExpectNoLint: false,
    ExpectedNoLintLinter: '',
    ...over
  })
  const json = (
    issues: unknown[],
    report: Record<string, unknown> = { Linters: [{ Name: 'errcheck', Enabled: true }] }
  ) => JSON.stringify({ Issues: issues, Report: report })

  test('an issue becomes a finding at its line, relative to the repository', () => {
    expect(parseGolangciJson(json([issue({})]), paths)).toEqual({
      findings: [
        {
          tool: 'golangci-lint',
          linter: 'errcheck',
          severity: 'error',
          kind: 'lint',
          file: 'svc/inventory/stock.go',
          rawFile: '/repo/svc/inventory/stock.go',
          line: 36,
          col: 15,
          text: 'Error return value of `f.Close` is not checked',
          // The offending line, as golangci-lint prints it under the finding.
          source: ['\tdefer f.Close()']
        }
      ],
      warnings: []
    })
  })

  test('relative paths (before --path-mode=abs, v2.0) are relative to the module', () => {
    const [f] = parseGolangciJson(
      json([issue({ Pos: { Filename: 'inventory/stock.go', Line: 3, Column: 0 } })]),
      paths
    ).findings
    expect(f).toMatchObject({ file: 'svc/inventory/stock.go', line: 3 })
    expect(f.col).toBeUndefined()
  })

  test('severity: error by default, warning and notice when the config says so', () => {
    const report = parseGolangciJson(
      json([
        issue({ Severity: '' }),
        issue({ Severity: 'warning' }),
        issue({ Severity: 'Warning' }),
        issue({ Severity: 'info' }),
        issue({ Severity: 'high' })
      ]),
      paths
    )
    expect(report.findings.map((f) => f.severity)).toEqual(['error', 'warning', 'warning', 'notice', 'error'])
    expect(lintSeverity(undefined)).toBe('error')
  })

  test('a line range gives the annotation an end line', () => {
    const [f] = parseGolangciJson(json([issue({ LineRange: { From: 36, To: 39 } })]), paths).findings
    expect(f.endLine).toBe(39)
  })

  test('a file outside the repository keeps no location but names the file in the title', () => {
    const findings = parseGolangciJson(
      json([issue({ Pos: { Filename: '/elsewhere/x.go', Line: 4, Column: 1 } })]),
      paths
    ).findings
    expect(findings[0].file).toBeUndefined()
    const { failures } = lintFindingsToFailures(findings)
    expect(failures[0].location).toBeUndefined()
    expect(failures[0].title).toBe(
      'errcheck: Error return value of `f.Close` is not checked (/elsewhere/x.go:4)'
    )
  })

  test('typecheck: the compile error inside the text is the location and the title', () => {
    const text =
      'could not import example.com/compile-src/internal/model (-: # example.com/compile-src/internal/model\ninternal/model/user.go:29:9: invalid operation: u.Name + " <" + u.Email + ">" + u.ID (mismatched types string and int))'
    const [f] = parseGolangciJson(
      json([
        issue({
          FromLinter: 'typecheck',
          Severity: '',
          Text: text,
          Pos: { Filename: '/repo/svc/internal/store/store.go', Line: 8, Column: 2 }
        })
      ]),
      paths
    ).findings
    expect(f).toMatchObject({ kind: 'compile-error', file: 'svc/internal/model/user.go', line: 29, col: 9 })
    expect(lintFindingsToFailures([f]).failures[0].title).toBe(
      'typecheck: invalid operation: u.Name + " <" + u.Email + ">" + u.ID (mismatched types string and int)'
    )
    expect(f.text).toContain(text)
  })

  test('typecheck: a module that is not required is a dependency failure', () => {
    const text =
      'could not import github.com/google/uuid (ids/ids.go:7:2: no required module provides package github.com/google/uuid; to add it:\n\tgo get github.com/google/uuid)'
    const [f] = parseGolangciJson(
      json([
        issue({
          FromLinter: 'typecheck',
          Text: text,
          Pos: { Filename: '/repo/svc/ids/ids.go', Line: 7, Column: 2 }
        })
      ]),
      paths
    ).findings
    expect(f).toMatchObject({ kind: 'dependency', file: 'svc/ids/ids.go', line: 7, col: 2 })
  })

  test('Report.Error and Report.Warnings are kept', () => {
    const report = parseGolangciJson(
      json([], {
        Error: 'typechecking error',
        Warnings: [{ Tag: 'config_reader', Text: 'run.skip-dirs is deprecated' }]
      }),
      paths
    )
    expect(report).toEqual({
      findings: [],
      error: 'typechecking error',
      warnings: ['config_reader: run.skip-dirs is deprecated']
    })
  })

  test('text that is not golangci-lint JSON is refused with a reason', () => {
    expect(() => parseGolangciJson('0 issues.\n', paths)).toThrow(GolangciOutputError)
    expect(() => parseGolangciJson('{"issues": []}', paths)).toThrow(
      'golangci-lint printed JSON without an "Issues" list'
    )
  })
})

describe('parseVetOutput', () => {
  test('Go 1.26: findings without headers, relative to the module', () => {
    expect(
      parseVetOutput('inventory/stock.go:27:9: fmt.Sprintf call needs 2 args but has 3 args\n', paths)
    ).toEqual([
      {
        tool: 'go vet',
        linter: 'go vet',
        severity: 'error',
        kind: 'lint',
        rawFile: 'inventory/stock.go',
        file: 'svc/inventory/stock.go',
        line: 27,
        col: 9,
        text: 'fmt.Sprintf call needs 2 args but has 3 args'
      }
    ])
  })

  test('older Go: a vet finding under `# pkg` / `# [pkg]` headers keeps its package', () => {
    const out =
      '# example.com/vet-error/greet\n# [example.com/vet-error/greet]\n./greet/greet_test.go:16:25: Errorf format %d has arg u.Name of wrong type string\n'
    expect(parseVetOutput(out, paths)).toMatchObject([
      {
        kind: 'lint',
        file: 'svc/greet/greet_test.go',
        line: 16,
        col: 25,
        package: 'example.com/vet-error/greet'
      }
    ])
  })

  test('a type error printed by the compiler and again by vet is one compile-error', () => {
    const out = [
      '# example.com/compile-src/internal/model',
      'internal/model/user.go:29:9: invalid operation: u.Name + " <" + u.Email + ">" + u.ID (mismatched types string and int)',
      '# example.com/compile-src/internal/model',
      '# [example.com/compile-src/internal/model]',
      'vet: internal/model/user.go:29:9: invalid operation: u.Name + " <" + u.Email + ">" + u.ID (mismatched types string and int)',
      ''
    ].join('\n')
    expect(parseVetOutput(out, paths)).toMatchObject([
      {
        kind: 'compile-error',
        file: 'svc/internal/model/user.go',
        line: 29,
        col: 9,
        package: 'example.com/compile-src/internal/model'
      }
    ])
  })

  test('a missing module is a dependency failure; its indented continuation joins the message', () => {
    const out =
      'ids/ids.go:7:2: no required module provides package github.com/google/uuid; to add it:\n\tgo get github.com/google/uuid\n'
    expect(parseVetOutput(out, paths)).toMatchObject([
      {
        kind: 'dependency',
        file: 'svc/ids/ids.go',
        line: 7,
        text: 'no required module provides package github.com/google/uuid; to add it:\ngo get github.com/google/uuid'
      }
    ])
  })

  test('lines that are not findings are ignored', () => {
    expect(parseVetOutput('go: downloading example.com/x v1.0.0\n\n', paths)).toEqual([])
  })
})

describe('gofmt', () => {
  const diff = [
    'diff report/report.go.orig report/report.go',
    '--- report/report.go.orig',
    '+++ report/report.go',
    '@@ -7,7 +7,7 @@',
    ' func Total(values []int) string {',
    ' \tsum := 0',
    ' \tfor _, v := range values {',
    '-\t\tsum  += v',
    '+\t\tsum += v',
    ' \t}',
    'diff main.go.orig main.go',
    '--- main.go.orig',
    '+++ main.go',
    '@@ -1,4 +1,5 @@',
    ' package main',
    '+',
    ' import "fmt"',
    '@@ -20,3 +21,3 @@',
    '-x',
    '+y',
    ''
  ].join('\n')

  test('the first line each file would change, from a gofmt -d diff', () => {
    expect(parseGofmtDiff(diff)).toEqual(
      new Map([
        ['report/report.go', 10],
        ['main.go', 2]
      ])
    )
  })

  test('gofmt -l files become findings at that line (line 1 when unknown)', () => {
    const files = parseGofmtList('report/report.go\n./main.go\nother.go\n')
    expect(files).toEqual(['report/report.go', './main.go', 'other.go'])
    const findings = gofmtFindings(files, parseGofmtDiff(diff), paths)
    expect(findings.map((f) => [f.file, f.line, f.kind, f.text])).toEqual([
      ['svc/report/report.go', 10, 'lint', 'File is not gofmt-ed; `gofmt -w report/report.go` fixes it.'],
      ['svc/main.go', 2, 'lint', 'File is not gofmt-ed; `gofmt -w main.go` fixes it.'],
      ['svc/other.go', 1, 'lint', 'File is not gofmt-ed; `gofmt -w other.go` fixes it.']
    ])
  })
})

describe('findings → failures', () => {
  const finding = (over: Partial<LintFinding>): LintFinding => ({
    tool: 'golangci-lint',
    linter: 'errcheck',
    severity: 'error',
    kind: 'lint',
    file: 'a.go',
    line: 3,
    text: 'x',
    ...over
  })

  test('errors fail, warnings and notices are shown; what does not compile goes first', () => {
    const { failures, notices } = lintFindingsToFailures([
      finding({ text: 'first lint' }),
      finding({ severity: 'warning', linter: 'unused', text: 'func reset is unused' }),
      finding({ kind: 'compile-error', linter: 'typecheck', text: 'undefined: x\nmore' }),
      finding({ severity: 'notice', linter: 'godox', text: 'TODO' })
    ])
    expect(failures.map((f) => [f.kind, f.title])).toEqual([
      ['compile-error', 'typecheck: undefined: x'],
      ['lint', 'errcheck: first lint']
    ])
    expect(failures[0]).toMatchObject({
      stage: 'lint',
      severity: 'error',
      message: 'undefined: x\nmore',
      location: { file: 'a.go', line: 3 }
    })
    expect(notices.map((f) => [f.severity, f.title])).toEqual([
      ['warning', 'unused: func reset is unused'],
      ['notice', 'godox: TODO']
    ])
  })
})

describe('releases and the command line', () => {
  test('release asset names as golangci-lint publishes them', () => {
    expect(releaseAsset('v2.15.0', 'linux', 'x64')).toEqual({
      version: '2.15.0',
      archive: 'golangci-lint-2.15.0-linux-amd64.tar.gz',
      format: 'tar.gz',
      folder: 'golangci-lint-2.15.0-linux-amd64',
      binary: 'golangci-lint',
      checksums: 'golangci-lint-2.15.0-checksums.txt'
    })
    expect(releaseAsset('2.15.0', 'darwin', 'arm64')?.archive).toBe(
      'golangci-lint-2.15.0-darwin-arm64.tar.gz'
    )
    expect(releaseAsset('v2.15.0', 'win32', 'x64')).toMatchObject({
      archive: 'golangci-lint-2.15.0-windows-amd64.zip',
      binary: 'golangci-lint.exe'
    })
    expect(releaseAsset('v2.15.0', 'aix', 'ppc64')).toBeUndefined()
    expect(
      releaseUrl('https://github.com/golangci/golangci-lint/releases/download/', 'v2.15.0', 'a.txt')
    ).toBe('https://github.com/golangci/golangci-lint/releases/download/v2.15.0/a.txt')
  })

  test('checksums file', () => {
    const sums = parseChecksums(
      `${'a'.repeat(64)}  golangci-lint-2.15.0-linux-amd64.tar.gz\n${'B'.repeat(64)} *x.zip\nnoise\n`
    )
    expect(sums.get('golangci-lint-2.15.0-linux-amd64.tar.gz')).toBe('a'.repeat(64))
    expect(sums.get('x.zip')).toBe('b'.repeat(64))
    expect(sums.size).toBe(2)
  })

  test('versions as golangci-lint prints them', () => {
    expect(
      parseGolangciVersion(
        'golangci-lint has version 2.15.0 built with go1.26.8 from (unknown, modified: ?, mod sum: "h1:w94z") on (unknown)'
      )
    ).toBe('2.15.0')
    expect(
      parseGolangciVersion('golangci-lint has version v2.1.6 built with go1.24.2 from 1234 on 2025-05-01')
    ).toBe('2.1.6')
    expect(parseGolangciVersion('command not found')).toBeUndefined()
    expect(compareVersions('v2.1.0', '2.0.2')).toBeGreaterThan(0)
    expect(compareVersions('2.10.0', '2.9.9')).toBeGreaterThan(0)
    expect(compareVersions('v2.1.0', '2.1.0')).toBe(0)
  })

  test('run arguments: v2 output flags, absolute paths from v2.1, the user last', () => {
    expect(golangciRunArgs('2.15.0', '/tmp/r.json', ['--timeout=5m'])).toEqual([
      'run',
      '--output.json.path=/tmp/r.json',
      '--output.text.path=stdout',
      '--issues-exit-code=1',
      '--allow-serial-runners',
      '--path-mode=abs',
      '--timeout=5m'
    ])
    expect(golangciRunArgs('2.0.2', '/tmp/r.json', [])).not.toContain('--path-mode=abs')
    expect(issuesExitCode([])).toBe(1)
    expect(issuesExitCode(['--issues-exit-code=0'])).toBe(0)
    expect(issuesExitCode(['--issues-exit-code', '9'])).toBe(9)
  })
})
