// The CLI writes JUnit where --junit-file says, and refuses --mode merge (the merge needs the
// artifact service of a GitHub Actions job).
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { REPO_ROOT } from '../support/runner.js'
import { elements, parseXml } from '../support/xml.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false', NO_COLOR: '1' },
    timeout: 170_000
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('go-gate run: result files', () => {
  test('--junit-file writes JUnit with the run’s counts and the failure’s message', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'go-gate-cli-junit-'))
    cpSync(path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge'), workspace, { recursive: true })
    const run = cli(
      [
        'run',
        '.',
        '--stages',
        'unit',
        '--race=false',
        '--fail-fast=false',
        '--junit-file',
        'out/junit.xml',
        '--format',
        'json'
      ],
      workspace
    )
    expect(run.code).toBe(1)
    const tests = JSON.parse(run.stdout).tests as { passed: number; failed: number; skipped: number }
    const xml = parseXml(readFileSync(path.join(workspace, 'out', 'junit.xml'), 'utf8'))
    expect(elements(xml, 'testcase').length).toBe(tests.passed + tests.failed + tests.skipped)
    expect(elements(xml, 'failure').map((f) => f.attributes.message)).toEqual([
      'Scale(600, 2) = 1000, want 1200 (no clamp)'
    ])
  })

  test('a junit-file that cannot be written is a warning: the report is printed and the exit status is the gate’s', () => {
    const workspace = mkdtempSync(path.join(os.tmpdir(), 'go-gate-cli-junit-'))
    cpSync(path.join(REPO_ROOT, '__tests__', 'fixtures', 'passing'), workspace, { recursive: true })
    // A folder cannot be made under a file.
    writeFileSync(path.join(workspace, 'taken'), '')
    const run = cli(
      ['run', '.', '--stages', 'unit', '--race=false', '--junit-file', 'taken/junit.xml', '--format', 'json'],
      workspace
    )
    expect(run.code).toBe(0)
    expect(JSON.parse(run.stdout).result).toBe('success')
    expect(run.stderr).toContain('warning: go-gate could not write the junit-file ')
  })

  test('--mode merge is refused before anything runs, exit 2', () => {
    const run = cli(
      ['run', '.', '--mode', 'merge'],
      path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-merge')
    )
    expect(run.code).toBe(2)
    expect(run.stdout + run.stderr).toContain(
      'Input "mode" is "merge"; the merge downloads the shards\' artifacts'
    )
  })
})
