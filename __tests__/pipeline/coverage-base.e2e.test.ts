// A run cut short by fail-fast measured only part of the coverage: it is not compared with the
// baseline, the drop gate does not judge it, no patch coverage is counted and it is not handed on
// as the next baseline. The test failure stays the root cause.
import { expect, test } from '@jest/globals'
import type { CoverageReport } from '../../src/model/coverage.js'
import { runFixture } from './support.js'

test('a cut-short run is neither compared, gated on its drop, nor saved as a baseline', async () => {
  const handedOn: CoverageReport[] = []
  const run = await runFixture(
    'failfast',
    { stages: 'unit', race: 'false', 'coverage-drop-max': '0', 'patch-coverage-threshold': '100' },
    {
      coverageBase: {
        compare: {
          baseline: {
            schema: 1,
            branch: 'main',
            sha: 'abc1234abc1234abc1234abc1234abc1234abc12',
            workingDirectory: '.',
            statements: 10,
            covered: 10,
            files: { 'billing/billing.go': [5, 5], 'reports/reports.go': [5, 5] }
          }
        },
        patchBaseSha: 'abc1234abc1234abc1234abc1234abc1234abc12',
        onFullCoverage: (report) => handedOn.push(report)
      }
    }
  )
  const unit = run.stage('unit')
  expect(run.report.rootCause?.kind).toBe('test-failure')
  expect(unit.failures.map((f) => f.kind)).toEqual(['test-failure'])
  expect(unit.coverageComparison).toEqual({
    missing: 'coverage is partial (the run was cut short), so it was not compared'
  })
  expect(unit.patchCoverage).toBeUndefined()
  expect(unit.notes).toContain('Patch coverage was not measured: the run was cut short.')
  expect(handedOn).toEqual([])
})
