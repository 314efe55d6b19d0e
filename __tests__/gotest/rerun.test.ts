// Rerun planning and judging (rerun-failed) on streams recorded from the flaky and race fixtures.
import { describe, expect, test } from '@jest/globals'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'
import { applyReruns, failedTestNames, planReruns, rerunArgs, runPattern } from '../../src/gotest/rerun.js'
import { stageResultFromTestRun } from '../../src/gotest/stage-result.js'
import type { StageResult } from '../../src/model/report.js'
import { loadStream, recordedIndex } from '../support/streams.js'

/** The first run's result, and the names of its failed tests by package, as the pipeline hands them over. */
let failed: Map<string, string[]> = new Map()
function firstRun(name: string): StageResult {
  const stream = loadStream(name)
  const reader = new TestJsonReader()
  reader.pushStdout(stream.stdout)
  const run = reader.finish()
  failed = failedTestNames(run)
  const { result } = stageResultFromTestRun(run, new PathResolver(recordedIndex(stream)), 'unit')
  return result
}

describe('runPattern', () => {
  test('anchors and quotes each level so regex characters match literally', () => {
    expect(runPattern('TestNames/a_b/c.d(e)[f]*+?')).toBe('^TestNames$/^a_b$/^c\\.d\\(e\\)\\[f\\]\\*\\+\\?$')
    expect(runPattern('TestX')).toBe('^TestX$')
  })
})

describe('rerunArgs', () => {
  test('keeps the stage flags but the coverage profile and count; the rerun selects one test once', () => {
    const target = { package: 'example.com/flaky/flaky', pattern: '^TestSettles$' }
    expect(
      rerunArgs(
        [
          '-tags=integration',
          '-run',
          'TestS',
          '-race',
          '-coverprofile=/tmp/p',
          '-coverpkg',
          './...',
          '-count',
          '3',
          '-v'
        ],
        target
      )
    ).toEqual([
      'test',
      '-json',
      '-tags=integration',
      '-run',
      'TestS',
      '-race',
      '-v',
      '-count=1',
      '-run',
      '^TestSettles$',
      'example.com/flaky/flaky'
    ])
  })
})

describe('planReruns', () => {
  test('reruns each failed test of the flaky fixture, alone', () => {
    const plan = planReruns(firstRun('flaky'), { attempts: 2, maxFailures: 10 })
    expect(plan.skipped).toBeUndefined()
    expect(plan.targets.map((t) => [t.package, t.test, t.pattern])).toEqual([
      ['example.com/flaky/flaky', 'TestSettles', '^TestSettles$'],
      [
        'example.com/flaky/flaky',
        'TestNames/a_b/c.d(e)[f]*+?',
        '^TestNames$/^a_b$/^c\\.d\\(e\\)\\[f\\]\\*\\+\\?$'
      ]
    ])
  })

  test('reruns nothing when reruns are off', () => {
    expect(planReruns(firstRun('flaky'), { attempts: 0, maxFailures: 10 })).toEqual({ targets: [] })
  })

  test('reruns nothing when more tests failed than rerun-max-failures, and says so', () => {
    const plan = planReruns(firstRun('flaky'), { attempts: 2, maxFailures: 1 })
    expect(plan.targets).toEqual([])
    expect(plan.skipped).toContain('2 failed, more than rerun-max-failures (1)')
  })

  test('never reruns a data race', () => {
    const plan = planReruns(firstRun('race'), { attempts: 2, maxFailures: 10 })
    expect(plan.targets).toEqual([])
    expect(plan.skipped).toMatch(/^Failed tests were not rerun: the stage has a data race/)
  })

  test.each([
    ['testmain-exit', /not one test's own failure|package-failure/],
    ['compile-test', /compile error/],
    ['vet-error', /vet error/],
    ['timeout', /timeout/]
  ])('never reruns %s', (name, why) => {
    const plan = planReruns(firstRun(name), { attempts: 2, maxFailures: 10 })
    expect(plan.targets).toEqual([])
    expect(plan.skipped).toMatch(why)
  })

  test('never reruns a panic: the tests after it never ran', () => {
    const plan = planReruns(firstRun('panic'), { attempts: 2, maxFailures: 10 })
    expect(plan.targets).toEqual([])
    expect(plan.skipped).toContain('panic')
  })
})

describe('applyReruns', () => {
  test('flaky: warn clears tests that passed on a rerun, keeps their first failure, and moves the counts', () => {
    const result = firstRun('flaky')
    const before = { ...(result.tests ?? { passed: 0, failed: 0, skipped: 0 }) }
    const plan = planReruns(result, { attempts: 2, maxFailures: 10 })
    const firstLine = plan.targets[0].failure.location?.line
    applyReruns(
      result,
      plan.targets.map((target, i) => ({ target, reruns: i === 0 ? [true] : [false, true] })),
      'warn',
      failed
    )
    expect(result.status).toBe('passed')
    expect(result.failures).toEqual([])
    expect(result.tests?.failed).toBe(0)
    // TestSettles, and TestNames with its subtest levels, now count as passed.
    expect(result.tests?.passed).toBe(before.passed + before.failed)
    expect(result.flaky?.map((f) => [f.test, f.passedOn, f.attempts])).toEqual([
      ['TestSettles', 2, 2],
      ['TestNames/a_b/c.d(e)[f]*+?', 3, 3]
    ])
    expect(result.flaky?.[0].firstFailure.message).toContain('the queue had not settled yet')
    expect(result.notices.map((n) => [n.severity, n.location?.line])).toEqual([
      ['warning', firstLine],
      ['warning', result.flaky?.[1].firstFailure.location?.line]
    ])
    expect(result.packages?.find((p) => p.importPath === 'example.com/flaky/flaky')?.status).toBe('passed')
  })

  test('a test that fails every attempt stays the failure and says so', () => {
    const result = firstRun('flaky')
    const plan = planReruns(result, { attempts: 2, maxFailures: 10 })
    applyReruns(
      result,
      plan.targets.map((target, i) => ({ target, reruns: i === 0 ? [false, false] : [true] })),
      'warn',
      failed
    )
    expect(result.status).toBe('failed')
    expect(result.failures.map((f) => [f.test, f.rerun])).toEqual([['TestSettles', 'failed 3 of 3 attempts']])
    // TestNames and its levels passed on the rerun; TestSettles is still failed.
    expect(result.tests?.failed).toBe(1)
  })

  test('flaky: fail keeps the gate red and names the test flaky', () => {
    const result = firstRun('flaky')
    const plan = planReruns(result, { attempts: 1, maxFailures: 10 })
    applyReruns(
      result,
      plan.targets.map((target) => ({ target, reruns: [true] })),
      'fail',
      failed
    )
    expect(result.status).toBe('failed')
    expect(result.failures[0].rerun).toBe('flaky: failed on the first run, passed on attempt 2 of 2')
    expect(result.flaky).toHaveLength(2)
  })
})
