// The reporters read only the RunReport: these tests build reports the way the
// pipeline does and check the sentence, the limits and the escaping.
import { describe, expect, test } from '@jest/globals'
import type { Failure, RunReport } from '../../src/model/report.js'
import { settleRunResult } from '../../src/pipeline/verdict.js'
import { rootCauseLine } from '../../src/report/describe.js'
import { codeBlock, codeSpan, escapeMarkdown } from '../../src/report/escape.js'
import { reportOutputs } from '../../src/report/outputs.js'
import { rankAnnotations } from '../../src/report/rank.js'
import { renderHeadline, renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { foreignTags, renderedOutsideCode, summaryHeadline } from '../support/markdown.js'

function failure(over: Partial<Failure> = {}): Failure {
  return {
    kind: 'test-failure',
    stage: 'unit',
    severity: 'error',
    package: 'example.com/shop/cart',
    test: 'TestTotal/empty_cart',
    location: { file: 'cart/cart_test.go', line: 42 },
    title: 'TestTotal/empty_cart failed',
    message: 'cart_test.go:42: Total() = 3, want 0',
    ...over
  }
}

function report(failures: Failure[], notices: Failure[] = []): RunReport {
  const r: RunReport = {
    result: 'failure',
    stages: [
      { stage: 'lint', status: 'passed', durationMs: 1200, failures: [], notices: [], notes: [] },
      {
        stage: 'unit',
        status: failures.length > 0 ? 'failed' : 'passed',
        durationMs: 3400,
        failures,
        notices,
        notes: [],
        tests: { passed: 10, failed: failures.length, skipped: 1 }
      },
      {
        stage: 'build',
        status: 'skipped',
        skipReason: 'the unit stage failed first (fail-fast)',
        durationMs: 0,
        failures: [],
        notices: [],
        notes: []
      }
    ],
    setupFailures: [],
    tests: { passed: 10, failed: failures.length, skipped: 1 },
    durationMs: 4600,
    workingDirectory: '.'
  }
  return settleRunResult(r)
}

describe('the root-cause sentence', () => {
  test('names stage, kind, test and location in its first line', () => {
    const r = report([failure()])
    expect(renderHeadline(r)).toBe(
      '❌ The `unit` stage failed with **a test failure** in `TestTotal/empty_cart` at `cart/cart_test.go:42`: `Total() = 3, want 0`.'
    )
    expect(rootCauseLine(r)).toBe(
      'The unit stage failed with a test failure in TestTotal/empty_cart at cart/cart_test.go:42: Total() = 3, want 0'
    )
    expect(summaryHeadline(renderSummary(r))).toBe(renderHeadline(r))
  })

  test('the first failure in pipeline order is the root cause', () => {
    const r = report([
      failure({
        kind: 'compile-error',
        test: undefined,
        location: { file: 'cart/cart.go', line: 3, col: 2 }
      }),
      failure()
    ])
    expect(r.rootCause?.kind).toBe('compile-error')
    expect(reportOutputs(r)).toMatchObject({
      result: 'failure',
      'failed-stage': 'unit',
      'root-cause-kind': 'compile-error'
    })
  })

  test('a green run says so', () => {
    const r = report([])
    expect(r.result).toBe('success')
    expect(renderHeadline(r)).toBe('✅ go-gate passed: lint, unit, 10 tests passed.')
    expect(reportOutputs(r)).toMatchObject({
      result: 'success',
      'root-cause': '',
      'root-cause-kind': '',
      'failed-stage': ''
    })
  })

  test('skipped stages show with the reason', () => {
    expect(renderSummary(report([failure()]))).toContain(
      '| build | ⏭️ skipped: the unit stage failed first (fail-fast) |'
    )
  })
})

describe('linter findings', () => {
  test('the headline names the linter; many findings read as one table after the root cause', () => {
    const lint = (i: number): Failure =>
      failure({
        kind: 'lint',
        stage: 'lint',
        package: undefined,
        test: undefined,
        tool: i === 0 ? 'errcheck' : 'staticcheck',
        location: { file: 'inventory/stock.go', line: 10 + i, col: 2 },
        title: `finding ${i}`,
        message: `finding number ${i}`
      })
    const r = report([])
    r.stages[0] = { ...r.stages[0], status: 'failed', failures: [0, 1, 2, 3, 4].map(lint) }
    settleRunResult(r)
    const text = renderSummary(r)
    expect(summaryHeadline(text)).toBe(
      '❌ The `lint` stage failed with **a lint finding** (`errcheck`) at `inventory/stock.go:10:2`: `finding number 0`.'
    )
    expect(text).toContain('| Where | Linter | Finding |')
    expect(text.indexOf('#### 1. lint finding (`errcheck`)')).toBeLessThan(
      text.indexOf('| Where | Linter | Finding |')
    )
    expect(text).toContain('| `inventory/stock.go:14:2` | `staticcheck` | `finding number 4` |')
  })
})

describe('annotations within GitHub limits', () => {
  test('root cause first, one per distinct failure, at most 10 errors', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      failure({ test: `TestCase/${i}`, location: { file: 'cart/cart_test.go', line: 100 + i } })
    )
    const notices = Array.from({ length: 20 }, (_, i) =>
      failure({
        kind: 'coverage-below-threshold',
        severity: 'notice',
        test: undefined,
        location: { file: `f${i}.go`, line: 1 }
      })
    )
    const annotations = rankAnnotations(report(many, notices))
    expect(annotations.filter((a) => a.severity === 'error')).toHaveLength(10)
    expect(annotations.filter((a) => a.severity === 'notice')).toHaveLength(10)
    expect(annotations[0]).toMatchObject({
      severity: 'error',
      file: 'cart/cart_test.go',
      line: 100,
      title: 'Root cause: test failure in TestCase/0'
    })
  })

  test('the same failure twice is annotated once', () => {
    const annotations = rankAnnotations(report([failure(), failure({ test: 'TestTotal/empty_cart#01' })]))
    expect(annotations).toHaveLength(1)
  })
})

describe('the summary stays under 1 MiB', () => {
  test('with thousands of failures with long output, it cuts and says so', () => {
    const big = Array.from({ length: 5000 }, (_, i) =>
      failure({
        test: `TestBig/${i}`,
        location: { file: 'big_test.go', line: i + 1 },
        output: Array.from({ length: 400 }, () => 'x'.repeat(300))
      })
    )
    const text = renderSummary(report(big))
    expect(Buffer.byteLength(text)).toBeLessThan(SUMMARY_LIMIT_BYTES)
    expect(text).toMatch(/\d+ more failures not shown, to keep this summary under GitHub's 1 MiB limit/)
  })
})

describe('escaping', () => {
  test('block starts are escaped only where they would start a block', () => {
    expect(escapeMarkdown('# heading')).toBe('\\# heading')
    expect(escapeMarkdown('- item')).toBe('\\- item')
    expect(escapeMarkdown('12. ordered')).toBe('12\\. ordered')
    expect(escapeMarkdown('44.1% of statements')).toBe('44.1% of statements')
  })

  test('Markdown and HTML in prose are escaped', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> **b** [l](j:x) | `c`')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; \\*\\*b\\*\\* \\[l\\](j:x) \\| \\`c\\`'
    )
  })

  test('code spans and blocks survive backticks in their content', () => {
    expect(codeSpan('a`b')).toBe('``a`b``')
    expect(codeSpan('`edge`')).toBe('`` `edge` ``')
    expect(codeSpan('a|b', true)).toBe('`a\\|b`')
    expect(codeBlock(['```', 'x'])).toBe('````text\n```\nx\n````')
  })

  test('a hostile test name cannot inject HTML into the summary', () => {
    const name = 'TestX/<script>alert(1)</script>_``_**b**'
    const text = renderSummary(report([failure({ test: name, message: '</details><script>x</script>' })]))
    const html = renderedOutsideCode(text)
    expect(foreignTags(html)).toEqual([])
    // go-gate's own bold is the kind in the headline; a name's **b** must not become bold.
    expect(html).not.toContain('<strong>b</strong>')
    expect(html).toContain('<strong>a test failure</strong>')
  })
})
