// The summary's view of a pull request's coverage: the delta after the total, a Δ column per
// package (new and gone packages said), why there is no comparison, and the patch section, open
// when there is something to look at and folded when every changed statement ran.
import { baselineFromReport, compareCoverage } from '../../src/coverage/baseline.js'
import { summarizeCoverage } from '../../src/coverage/summarize.js'
import type { CoverageBlock, PatchCoverage } from '../../src/model/coverage.js'
import type { RunReport, StageResult } from '../../src/model/report.js'
import { renderSummary } from '../../src/report/summary.js'

const opts = { repoRoot: '/repo', modules: [{ path: 'example.com/m', dir: '/repo' }], exclude: [] }
const block = (file: string, numStmt: number, count: number, line = 1): CoverageBlock => ({
  file: `example.com/m/${file}`,
  startLine: line,
  startCol: 1,
  endLine: line,
  endCol: 9,
  numStmt,
  count
})
const base = summarizeCoverage(
  { mode: 'set', blocks: [block('a/a.go', 3, 1), block('a/a.go', 1, 0, 5), block('old/o.go', 2, 1)] },
  opts
)
const now = summarizeCoverage(
  { mode: 'set', blocks: [block('a/a.go', 2, 1), block('a/a.go', 2, 0, 5), block('b/b.go', 1, 1)] },
  opts
)
const baseline = baselineFromReport(base, { branch: 'main', sha: 'abc1234ffff', workingDirectory: '.' })

function report(unit: Partial<StageResult>): RunReport {
  return {
    result: 'success',
    stages: [
      {
        stage: 'unit',
        status: 'passed',
        durationMs: 5,
        failures: [],
        notices: [],
        notes: [],
        coverage: now,
        ...unit
      }
    ],
    setupFailures: [],
    tests: { passed: 3, failed: 0, skipped: 0 },
    durationMs: 5,
    workingDirectory: '.'
  }
}

test('the delta after the total, and per package with new and gone ones', () => {
  const md = renderSummary(report({ coverageComparison: compareCoverage(now, baseline, { exclude: [] }) }))
  // 3 of 5 now against 5 of 6: 60.0% against 83.3%.
  expect(md).toContain(
    '✅ go-gate passed: unit, 3 tests passed, coverage 60.0% (\u221223.3 against main@abc1234).'
  )
  expect(md).toContain('**Coverage:** 60.0% (\u221223.3 against main@abc1234)')
  expect(md).toContain(
    '<details><summary>Coverage 60.0%, \u221223.3 against main@abc1234 (3 of 5 statements)</summary>'
  )
  expect(md).toContain('| `example.com/m/a` | 2 | 4 | 50.0% | \u221225.0 |')
  expect(md).toContain('| `example.com/m/b` | 1 | 1 | 100.0% | new |')
  expect(md).toContain('| `old` | – | – | gone | was 100.0% |')
})

test('no comparison: the reason, and no Δ column', () => {
  const md = renderSummary(
    report({ coverageComparison: { missing: 'no coverage baseline of main is in the cache yet' } })
  )
  expect(md).toContain(
    'No comparison with the base branch: no coverage baseline of main is in the cache yet.'
  )
  expect(md).toContain('| Package | Covered | Statements | Coverage |\n')
})

test('patch coverage: open with the uncovered ranges, folded when all ran, said when nothing counted', () => {
  const patch: PatchCoverage = {
    baseSha: 'abc1234ffff',
    statements: 4,
    covered: 3,
    percent: 75,
    threshold: 80,
    uncovered: [{ file: 'a/a.go', startLine: 5, endLine: 7 }],
    skippedFiles: 2
  }
  const open = renderSummary(report({ patchCoverage: patch }))
  expect(open).toContain(
    '### Patch coverage 75.0% (3 of 4 statements on lines changed since abc1234, patch-coverage-threshold 80%)\n\nChanged lines no test ran:\n\n- `a/a.go:5-7`\n\n2 changed files left out'
  )
  const folded = renderSummary(
    report({ patchCoverage: { ...patch, covered: 4, percent: 100, uncovered: [] } })
  )
  expect(folded).toContain('<details><summary>Patch coverage 100.0% (4 of 4 statements')
  const none = renderSummary(
    report({
      patchCoverage: {
        ...patch,
        statements: 0,
        covered: 0,
        percent: undefined,
        uncovered: [],
        skippedFiles: 0
      }
    })
  )
  expect(none).toContain('Patch coverage: no statements on the lines changed since abc1234.')
  expect(none).toContain('**Patch coverage:** no changed statements')
})
