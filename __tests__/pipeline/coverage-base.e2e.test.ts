// A run cut short by fail-fast measured only part of the coverage: it is not compared with the
// baseline, the drop gate does not judge it, no patch coverage is counted and it is not handed on
// as the next baseline. The test failure stays the root cause. A base commit git cannot get is
// said, and the gate does not fail for it.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@jest/globals'
import type { CoverageReport } from '../../src/model/coverage.js'
import { parseOptions } from '../../src/options.js'
import { runPipeline } from '../../src/pipeline/gated-pipeline.js'
import { fixtureRoot, RecordingReporter, runFixture, testEnv } from './support.js'

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

test('a base commit that cannot be fetched is said, and patch coverage is left out without failing', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'go-gate-nobase-'))
  try {
    cpSync(fixtureRoot('passing'), root, { recursive: true })
    const git = (...args: string[]) =>
      execFileSync('git', args, {
        cwd: root,
        stdio: 'ignore',
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: 't',
          GIT_AUTHOR_EMAIL: 't@e',
          GIT_COMMITTER_NAME: 't',
          GIT_COMMITTER_EMAIL: 't@e'
        }
      })
    git('init', '-q', '-b', 'main')
    git('add', '-A')
    git('commit', '-q', '-m', 'only')
    const missing = 'dead0000dead0000dead0000dead0000dead0000'
    const reporter = new RecordingReporter()
    const options = parseOptions(
      (name) => ({ stages: 'unit', race: 'false', 'patch-coverage-threshold': '90' })[name as string],
      root
    )
    const { report } = await runPipeline(options, {
      reporter,
      env: testEnv(),
      coverageBase: { patchBaseSha: missing }
    })
    const unit = report.stages[0]
    expect(report.result).toBe('success')
    expect(unit.patchCoverage).toBeUndefined()
    // No remote named origin: the fetch fails, and git's own reason is given.
    expect(unit.notes.find((n) => n.startsWith('Patch coverage was not measured'))).toMatch(
      /^Patch coverage was not measured: the base commit dead000 is not in the checkout and git fetch --depth=1 origin dead000 failed \(.*origin.*\)\.$/
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
})
