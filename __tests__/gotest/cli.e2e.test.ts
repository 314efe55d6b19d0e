// The reader through the bundled CLI, as a user runs it: `go-gate run` on a
// module with benchmarks under -bench, and `go-gate analyze` on saved streams
// (a file, standard input, no source tree, input that is not a stream).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { loadFixture, REPO_ROOT } from '../support/runner.js'
import { STREAMS_DIR } from '../support/streams.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')

function cli(args: string[], options: { cwd?: string; input?: string } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', NO_COLOR: '1' },
    timeout: 170_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('go-gate run', () => {
  test('--go-test-flags "-bench=. -benchtime=1x" on a module with benchmarks is green', () => {
    const run = cli([
      'run',
      '__tests__/fixtures/bench',
      '--stages',
      'unit',
      '--go-test-flags',
      '-bench=. -benchtime=1x',
      '--format',
      'json'
    ])
    expect(run.stderr).not.toContain('internal error')
    const body = JSON.parse(run.stdout)
    expect({ code: run.code, result: body.result, rootCause: body.rootCause }).toEqual({
      code: 0,
      result: 'success',
      rootCause: null
    })
    expect(body.tests).toEqual({ passed: 1, failed: 0, skipped: 0 })
  })
})

describe('go-gate analyze', () => {
  const merged = path.join(STREAMS_DIR, 'compile-src-buildtext-merged.jsonl')
  const marker = loadFixture('compile-src').markers[0]

  test('text build errors saved with stderr merged: a compile error at file:line, from a file and from standard input, as `run` reports it', () => {
    const run = cli(['run', '__tests__/fixtures/compile-src', '--stages', 'unit', '--format', 'json'])
    const fromRun = JSON.parse(run.stdout).rootCause
    expect(fromRun).toMatchObject({ kind: 'compile-error', file: marker.file, line: marker.line })
    const args = ['--format', 'json', '--dir', '__tests__/fixtures/compile-src']
    const fromFile = cli(['analyze', merged, ...args])
    const fromStdin = cli(['analyze', '-', ...args], { input: readFileSync(merged, 'utf8') })
    for (const analyzed of [fromFile, fromStdin]) {
      expect(analyzed.code).toBe(1)
      const root = JSON.parse(analyzed.stdout).rootCause
      expect(root).toEqual({ ...fromRun, stage: 'unit' })
    }
  })

  test('without the source tree the line is still known, the file relative to its package', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'go-gate-analyze-'))
    const run = cli(['analyze', path.join(STREAMS_DIR, 'testify.jsonl'), '--format', 'json'], { cwd })
    expect(run.code).toBe(1)
    expect(JSON.parse(run.stdout).rootCause).toMatchObject({
      kind: 'test-failure',
      package: 'example.com/testify/inventory',
      test: 'TestAdd',
      file: 'inventory_test.go',
      line: 14,
      message: 'Not equal: expected: 3, actual: 6 (first add of bolts)'
    })
  })

  test.each([
    [
      'plain text',
      'build started\nsomething went wrong: exit status 2\n',
      /^The input is not a `go test -json` stream/
    ],
    ['an empty input', '', /^The input is empty/]
  ])('%s: one sentence says it is not a go test -json stream', (_what, input, sentence) => {
    const run = cli(['analyze', '-', '--format', 'json'], { input })
    expect(run.code).toBe(1)
    const root = JSON.parse(run.stdout).rootCause
    expect(root.message).toMatch(sentence)
    expect(root.message).not.toContain('something went wrong')
  })
})
