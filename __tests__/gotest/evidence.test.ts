// Shapes no recorded stream of this Go version has: Go 1.27's OutputType and
// Go 1.25's attr events, unknown actions and fields. Newer Go is tolerated and
// its markers are used when present.
import { describe, expect, test } from '@jest/globals'
import { parseTestEvent } from '../../src/gotest/event.js'
import { OutputAnalyzer } from '../../src/gotest/evidence.js'
import { explainTestRun } from '../../src/gotest/explain.js'
import { PathResolver } from '../../src/gotest/locate.js'
import { TestJsonReader } from '../../src/gotest/reader.js'

const resolver = new PathResolver({
  repoRoot: '/repo',
  commandDir: '/repo',
  packages: new Map([['example.com/m/calc', { importPath: 'example.com/m/calc', dir: '/repo/calc' }]])
})

function events(list: object[]): string {
  return `${list.map((e) => JSON.stringify({ Package: 'example.com/m/calc', ...e })).join('\n')}\n`
}

describe('OutputType (Go 1.27)', () => {
  test('the line marked error is the assertion, not the t.Log lines around it', () => {
    const analyzer = new OutputAnalyzer('example.com/m/calc')
    analyzer.feed('=== RUN   TestAdd', 'frame')
    analyzer.feed('    calc_test.go:10: want 4, got 5 (logged, not failed)')
    analyzer.feed('    calc_test.go:12: Add(2, 2) = 5', 'error')
    analyzer.feed('        want 4', 'error-continue')
    analyzer.feed('    calc_test.go:14: cleanup done')
    analyzer.finish()
    const assertions = analyzer.evidence.filter((s) => s.type === 'assertion')
    expect(assertions).toHaveLength(1)
    expect(assertions[0]).toMatchObject({
      file: 'calc_test.go',
      line: 12,
      marked: true,
      lines: ['Add(2, 2) = 5', '        want 4']
    })
  })

  test('through the reader: the marked line wins over failure-worded log lines', () => {
    const reader = new TestJsonReader()
    reader.pushStdout(
      events([
        { Action: 'start' },
        { Action: 'run', Test: 'TestAdd' },
        { Action: 'output', Test: 'TestAdd', Output: '=== RUN   TestAdd\n', OutputType: 'frame' },
        {
          Action: 'output',
          Test: 'TestAdd',
          Output: '    calc_test.go:9: expected failure words in a log\n'
        },
        {
          Action: 'output',
          Test: 'TestAdd',
          Output: '    calc_test.go:12: Add(2, 2) = 5\n',
          OutputType: 'error'
        },
        { Action: 'output', Test: 'TestAdd', Output: '--- FAIL: TestAdd (0.00s)\n', OutputType: 'frame' },
        { Action: 'fail', Test: 'TestAdd', Elapsed: 0 },
        { Action: 'fail', Elapsed: 0.01 }
      ])
    )
    const { failures } = explainTestRun(reader.finish(), resolver, 'unit')
    expect(failures).toHaveLength(1)
    expect(failures[0]).toMatchObject({
      kind: 'test-failure',
      test: 'TestAdd',
      location: { file: 'calc/calc_test.go', line: 12 }
    })
  })
})

describe('tolerance', () => {
  test('attr events, unknown actions and unknown fields do not disturb the run', () => {
    const reader = new TestJsonReader()
    reader.pushStdout(
      events([
        { Action: 'start', NewField: { nested: true } },
        { Action: 'run', Test: 'TestA' },
        { Action: 'attr', Test: 'TestA', Key: 'issue', Value: '1234' },
        { Action: 'teleport', Test: 'TestA' },
        { Action: 'output', Test: 'TestA', Output: '=== ARTIFACTS TestA /tmp/x\n' },
        { Action: 'pass', Test: 'TestA', Elapsed: 0 },
        { Action: 'pass', Elapsed: 0.01 }
      ])
    )
    const run = reader.finish()
    expect(explainTestRun(run, resolver, 'unit').failures).toEqual([])
    expect(run.counts).toEqual({ passed: 1, failed: 0, skipped: 0 })
  })

  test('wrongly typed fields are dropped, not trusted', () => {
    expect(parseTestEvent('{"Action":"output","Test":7,"Output":["x"],"Elapsed":"1s"}')).toEqual({
      Action: 'output'
    })
    expect(parseTestEvent('{"Action":5}')).toBeNull()
    expect(parseTestEvent('not json')).toBeNull()
    expect(parseTestEvent('[1,2]')).toBeNull()
  })

  test('a package that says pass after a failed test failed', () => {
    const reader = new TestJsonReader()
    reader.pushStdout(
      events([
        { Action: 'start' },
        { Action: 'run', Test: 'TestA' },
        { Action: 'output', Test: 'TestA', Output: '    calc_test.go:3: boom\n' },
        { Action: 'fail', Test: 'TestA' },
        { Action: 'pass', Test: 'TestA' },
        { Action: 'pass' }
      ])
    )
    const run = reader.finish()
    expect(run.packages.get('example.com/m/calc')?.status).toBe('fail')
    expect(explainTestRun(run, resolver, 'unit').failures[0].kind).toBe('test-failure')
  })
})
