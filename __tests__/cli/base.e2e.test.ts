// The CLI's --base: patch coverage on a developer's machine, over the lines changed since a ref,
// uncommitted changes included (the tests ran on the working tree). A ref git does not know is
// bad usage, refused before anything runs.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from '@jest/globals'
import { git, gitEnv } from '../support/git.js'
import { REPO_ROOT } from '../support/runner.js'

const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'index.js')
const env = { ...gitEnv, GOTOOLCHAIN: 'local', NO_COLOR: '1' }
const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-cli-base-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('--base counts the statements on changed lines; an unknown ref is bad usage', () => {
  const repo = path.join(root, 'repo')
  cpSync(path.join(REPO_ROOT, '__tests__', 'fixtures', 'coverage-multi'), repo, { recursive: true })
  git(repo, 'init', '-q', '-b', 'main')
  git(repo, 'add', '-A')
  git(repo, 'commit', '-q', '-m', 'base')
  // Uncommitted: Sum's loop body changed (run by TestSum), and a new untested function.
  const calc = path.join(repo, 'calc', 'calc.go')
  writeFileSync(
    calc,
    `${readFileSync(calc, 'utf8').replace('\t\ttotal += v\n', '\t\ttotal = total + v\n')}
// Neg negates; no test calls it.
func Neg(v int) int {
	return -v
}
`
  )
  const run = spawnSync(
    process.execPath,
    [
      CLI,
      'run',
      repo,
      '--stages',
      'unit',
      '--race=false',
      '--base',
      'main',
      '--patch-coverage-threshold',
      '60',
      '--format',
      'json'
    ],
    { env, encoding: 'utf8', timeout: 170_000 }
  )
  // By hand: Sum's loop body block (1 statement, run) and Neg's body (1 statement, not run): 1 of 2.
  // Neg's one block runs from the `{` on its signature (line 43) to its closing `}` (line 45).
  const report = JSON.parse(run.stdout)
  expect(report.patchCoverage).toMatchObject({
    statements: 2,
    covered: 1,
    percent: 50,
    threshold: 60,
    uncovered: [{ file: 'calc/calc.go', startLine: 43, endLine: 45 }],
    skippedFiles: 0
  })
  expect(report.rootCause.kind).toBe('coverage-below-threshold')
  expect(run.status).toBe(1)

  const bad = spawnSync(
    process.execPath,
    [CLI, 'run', repo, '--stages', 'unit', '--base', 'no-such-branch'],
    {
      env,
      encoding: 'utf8'
    }
  )
  expect(bad.status).toBe(2)
  expect(bad.stdout).toContain(
    'Option --base is "no-such-branch"; expected a branch, tag or commit that git knows in'
  )
})
