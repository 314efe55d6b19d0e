// The CLI as a user runs it: the bundled dist/cli/index.js on fixtures and on
// recorded streams.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { summaryHeadline } from '../support/markdown.js'
import { loadFixture, REPO_ROOT } from '../support/runner.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')

function cli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', NO_COLOR: '1' },
    timeout: 170_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('go-gate run', () => {
  test('the example service: the first line names the root cause, exit 1', () => {
    const fixture = loadFixture('service', path.join(REPO_ROOT, 'examples'))
    const marker = fixture.markers[0]
    const run = cli(['run', 'examples/service', '--stages', 'unit', '--race=false'])
    expect(run.code).toBe(1)
    expect(run.stdout.split('\n')[0]).toBe(
      `✗ The unit stage failed with a test failure in ${fixture.expect.test} at ${marker.file}:${marker.line}: ${run.stdout.split('\n')[0].split(`${marker.line}: `)[1]}`
    )
    expect(run.stdout.split('\n')[0]).toContain('status = 201, want 400')
  })

  test('fail-fast in a one-package repository: the terminal names the tests that never ran', () => {
    const run = cli(['run', '__tests__/fixtures/failfast-single', '--stages', 'unit', '--race=false'])
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      'Stopped at the first failure (fail-fast): TestFormat and TestRoundTrip in example.com/failfastsingle never ran.'
    )
    expect(run.stdout).not.toContain('did not finish')
  })

  test('a passing repository exits 0; --format json is machine-readable', () => {
    const run = cli(['run', '__tests__/fixtures/passing', '--stages=unit', '--no-race', '--format', 'json'])
    expect(run.code).toBe(0)
    const body = JSON.parse(run.stdout)
    expect(body.result).toBe('success')
    expect(body.rootCause).toBeNull()
    expect(body.tests.failed).toBe(0)
    expect(body.coverage.percent).toMatch(/^\d+\.\d$/)
  })

  test('--help states the exit status the tests hold it to', () => {
    const run = cli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Exit status: 0 when the gate passed, 1 when it failed, 2 for bad usage')
  })

  test('bad input exits 2 naming the option', () => {
    const run = cli(['run', '.', '--bogus', 'x'])
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('Unknown option --bogus')
  })

  test('an invalid input value is invalid-input and bad usage (exit 2), and nothing runs', () => {
    const run = cli(['run', '__tests__/fixtures/passing', '--stages', 'unit,deploy', '--format', 'json'])
    expect(run.code).toBe(2)
    const body = JSON.parse(run.stdout)
    expect(body.rootCause.kind).toBe('invalid-input')
    expect(body.stages).toEqual([])
  })

  test('--color paints, --no-color does not', () => {
    const colored = cli(['run', '__tests__/fixtures/passing', '--stages=unit', '--no-race', '--color'])
    expect(colored.stdout).toContain('\u001b[32m')
    const plain = cli(['run', '__tests__/fixtures/passing', '--stages=unit', '--no-race', '--no-color'])
    expect(plain.stdout).not.toContain('\u001b[')
  })
})

/** A stream saved the way users save one: `go test -json ./... > FILE` in the module. */
function saveStream(fixture: string, flags: string[] = []): string {
  const dir = path.join(REPO_ROOT, '__tests__', 'fixtures', fixture)
  const result = spawnSync('go', ['test', '-json', ...flags, './...'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }
  })
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-stream-')), `${fixture}.jsonl`)
  writeFileSync(file, result.stdout)
  return file
}

describe('go-gate analyze', () => {
  test('a saved stream, as JSON with the documented shape, exit 1 when it failed', () => {
    const stream = saveStream('panic')
    const run = cli(['analyze', stream, '--format', 'json', '--dir', '__tests__/fixtures/panic'])
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout)
    expect(body.rootCause).toEqual({
      kind: 'panic',
      stage: 'unit',
      package: 'example.com/panic/internal/parse',
      test: 'TestLine/missing_amount',
      file: 'internal/parse/record.go',
      line: 20,
      message: 'panic: runtime error: index out of range [2] with length 2'
    })
    expect(body.tests).toEqual({ passed: 4, failed: 2, skipped: 0 })
    expect(Array.isArray(body.failures)).toBe(true)
  })

  test('standard input and the markdown format', () => {
    const stream = readFileSync(saveStream('timeout', ['-timeout', '3s']), 'utf8')
    const run = cli(['analyze', '-', '--format', 'markdown', '--dir', '__tests__/fixtures/timeout'], {
      input: stream
    })
    expect(run.code).toBe(1)
    expect(summaryHeadline(run.stdout)).toBe(
      '❌ The `unit` stage failed with **a timeout** in `TestDrainWithoutClose` at `jobs/queue.go:25`: `timed out after 3s while blocked in chan receive`.'
    )
  })

  test('a --coverage-threshold it cannot read is bad usage naming the option and what it accepts', () => {
    const run = cli(['analyze', '--coverprofile', 'cover.out', '--coverage-threshold', 'abc'])
    expect(run.code).toBe(2)
    expect(run.stderr.split('\n')[0]).toBe(
      'go-gate: Option --coverage-threshold is "abc"; expected a percent from 0 to 100 (decimals allowed), such as 80 or 72.5.'
    )
    expect(run.stderr).not.toContain('internal error')
    expect(run.stdout).toBe('')
  })

  test('a passing stream exits 0', () => {
    const run = cli(['analyze', '__tests__/streams/passing.jsonl'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^✓ go-gate passed/)
  })

  test('text that is not a go test -json stream is a failure, with its tail', () => {
    const run = cli(['analyze', '-', '--format', 'json'], {
      input: 'panic: something broke before go test started\nexit status 2\n'
    })
    expect(run.code).toBe(1)
    const body = JSON.parse(run.stdout)
    expect(body.result).toBe('failure')
  })
})
