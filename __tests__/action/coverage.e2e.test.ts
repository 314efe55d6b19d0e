// The coverage gate through the bundled action: the total equals what
// `go tool cover -func` prints, the threshold fails the stage with the gap in
// the first sentence, excludes and -coverpkg change the figure as Go would.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { summaryHeadline } from '../support/markdown.js'
import { REPO_ROOT, runAction } from '../support/runner.js'

const MULTI = path.join(REPO_ROOT, '__tests__', 'fixtures', 'coverage-multi')
const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-buildvcs=false' }

/** The `total:` percent `go tool cover -func` prints for a profile of the same run. */
function goTotal(dir: string, flags: string[]): string {
  const profile = path.join(mkdtempSync(path.join(os.tmpdir(), 'go-gate-cov-')), 'c.out')
  execFileSync('go', ['test', `-coverprofile=${profile}`, ...flags, './...'], {
    cwd: dir,
    env,
    stdio: 'ignore'
  })
  const out = execFileSync('go', ['tool', 'cover', `-func=${profile}`], { cwd: dir, env, encoding: 'utf8' })
  const m = /total:\s+\(statements\)\s+([\d.]+)%/.exec(out)
  if (!m) throw new Error(`no total in:\n${out}`)
  return m[1]
}

const inputs = { stages: 'unit', race: 'false', cache: 'false' }

describe('coverage gate', () => {
  test('the coverage output is the total go tool cover -func prints', async () => {
    const run = await runAction({ workspace: MULTI, inputs })
    expect(run.outputs.result).toBe('success')
    expect(run.outputs.coverage).toBe(goTotal(MULTI, []))
    // Passing: the total and the package table, collapsed.
    expect(run.summary).toMatch(/<details><summary>Coverage \d+\.\d% \(\d+ of \d+ statements\)<\/summary>/)
  })

  test('with -coverpkg=./... untested packages count, as in Go 1.22+', async () => {
    const run = await runAction({ workspace: MULTI, inputs: { ...inputs, 'coverage-packages': './...' } })
    expect(run.outputs.coverage).toBe(goTotal(MULTI, ['-coverpkg=./...']))
  })

  test('below the threshold: kind, gap in the first sentence, package table, notices on the worst files', async () => {
    const run = await runAction({ workspace: MULTI, inputs: { ...inputs, 'coverage-threshold': '90' } })
    const total = goTotal(MULTI, [])
    const gap = (90 - Number(total)).toFixed(1)
    expect(run.exitCode).toBe(1)
    expect(run.outputs['root-cause-kind']).toBe('coverage-below-threshold')
    const headline = summaryHeadline(run.summary)
    expect(headline).toContain(`because **coverage ${total}% is below the 90% threshold by ${gap} points**`)
    expect(run.summary).toMatch(/### Coverage [\d.]+% \(\d+ of \d+ statements, threshold 90%\)/)
    expect(run.summary).toContain('Least-covered files:')
    // The table lists packages lowest first: the untested package leads.
    const rows = run.summary.split('\n').filter((l) => l.startsWith('| `example.com/coverage-multi'))
    expect(rows[0]).toContain('example.com/coverage-multi/untested')
    const notices = run.annotations.filter((a) => a.severity === 'notice')
    expect(notices.length).toBeGreaterThan(0)
    expect(notices.length).toBeLessThanOrEqual(5)
    for (const n of notices) {
      expect(n.file).toMatch(/^[\w/.-]+\.go$/)
      expect(n.line).toBeGreaterThan(0)
    }
    expect(notices.map((n) => n.file)).toContain('untested/untested.go')
  })

  test('coverage-exclude leaves files out of the total', async () => {
    const all = await runAction({ workspace: MULTI, inputs })
    const excluded = await runAction({
      workspace: MULTI,
      inputs: { ...inputs, 'coverage-exclude': '**/*.pb.go\n**/untested/**' }
    })
    expect(Number(excluded.outputs.coverage)).toBeGreaterThan(Number(all.outputs.coverage))
    expect(excluded.summary).toMatch(/\d+ files? left out by coverage-exclude/)
  })

  test('a failing test stays the root cause; coverage is still reported', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-covfail-'))
    cpSync(MULTI, root, { recursive: true })
    const testFile = path.join(root, 'calc', 'calc_test.go')
    writeFileSync(
      testFile,
      `${readFileSync(testFile, 'utf8')}\nfunc TestBroken(t *testing.T) {\n\tt.Fatal("broken on purpose")\n}\n`
    )
    // Every package runs: coverage is whole, and gated after the test failure.
    const run = await runAction({
      workspace: root,
      inputs: { ...inputs, 'coverage-threshold': '99', 'fail-fast': 'false' }
    })
    expect(run.outputs['root-cause-kind']).toBe('test-failure')
    expect(run.outputs.coverage).toMatch(/^\d+\.\d$/)
    expect(run.summary).toContain('coverage below threshold')

    // Fail-fast cut the run short: coverage is partial, reported, said once not to be gated, no notices.
    const cut = await runAction({ workspace: root, inputs: { ...inputs, 'coverage-threshold': '99' } })
    expect(cut.outputs['root-cause-kind']).toBe('test-failure')
    expect(cut.summary).not.toContain('coverage below threshold')
    expect(cut.annotations.filter((a) => a.severity === 'notice')).toEqual([])
    expect(cut.summary.match(/threshold was not checked/g)).toHaveLength(1)
  })
})
