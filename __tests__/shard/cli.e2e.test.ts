// `go-gate run --shard i/n` in the terminal: the same split as the action, by test functions, or
// by a timings record given with --timings; a bad --shard or --timings is bad usage (exit 2).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from '@jest/globals'
import { REPO_ROOT } from '../support/runner.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')
const FIXTURE = '__tests__/fixtures/shard-many'
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-gate-shard-cli-'))

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function cli(args: string[]) {
  const result = spawnSync(
    process.execPath,
    [CLI, 'run', FIXTURE, '--stages', 'unit', '--race=false', ...args],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, GOTOOLCHAIN: 'local', NO_COLOR: '1' },
      timeout: 170_000
    }
  )
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('go-gate run --shard', () => {
  test('splits by test functions as the action does', () => {
    const run = cli(['--shard', '3/3', '--no-progress'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      'Shard 3/3 ran 4 of 12 packages, assigned by their number of test functions, as no timings record knew these packages: 15 test functions here; this is the most loaded shard.'
    )
    expect(run.stdout).toContain(
      'Packages: example.com/shardmany/golf, example.com/shardmany/hotel, example.com/shardmany/india, example.com/shardmany/lima'
    )
  })

  test('the -tags of go-test-flags count the tests they build: delta and juliet have 4 behind integration', () => {
    const plain = cli(['--shard', '1/1', '--no-progress'])
    const tagged = cli(['--shard', '1/1', '--no-progress', '--go-test-flags=-tags=integration'])
    expect(plain.stdout).toContain('45 test functions here')
    expect(tagged.stdout).toContain('49 test functions here')
  })

  test('--timings FILE splits by the seconds in it', () => {
    const file = path.join(scratch, 'timings.json')
    // echo is the slowest by far: it gets a shard of its own.
    const seconds = {
      echo: 12,
      alpha: 1,
      bravo: 1,
      charlie: 1,
      delta: 1,
      foxtrot: 1,
      golf: 1,
      hotel: 1,
      india: 1,
      juliet: 1,
      kilo: 1
    }
    writeFileSync(
      file,
      JSON.stringify({
        schema: 1,
        packages: Object.fromEntries(
          Object.entries(seconds).map(([p, s]) => [`example.com/shardmany/${p}`, s])
        )
      })
    )
    const run = cli(['--shard', '1/2', '--timings', file, '--format', 'markdown'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      '**unit:** Shard 1/2 ran 1 of 12 packages, assigned by the test times measured in an earlier run (11 of 12 packages timed): 12 s here; this is the most loaded shard. Packages: `example.com/shardmany/echo`.'
    )
  })

  test.each([
    [['--shard', '4/3'], 'Input "shard" is "4/3"; the shard must be from 1 to 3'],
    [['--shard', '1/2', '--timings', 'no-such-file.json'], 'Option --timings names'],
    [
      ['--shard', '1/2', '--timings', 'package.json'],
      'the saved timings record has schema undefined; this go-gate reads 1'
    ]
  ])('%j is bad usage: exit 2, nothing run', (args, message) => {
    const run = cli([...args, '--format', 'json'])
    expect(run.code).toBe(2)
    const body = JSON.parse(run.stdout)
    expect(body.rootCause.kind).toBe('invalid-input')
    expect(body.rootCause.message).toContain(message)
    expect(body.stages).toEqual([])
  })
})
