// The summary as a reader sees it once GitHub has rendered it: each kind reads
// as words, quoted code as code, messages bounded, counts in plain English,
// nothing said twice. Reports are built the way the pipeline builds them.
import { describe, expect, test } from '@jest/globals'
import type { CoverageReport } from '../../src/model/coverage.js'
import type { Failure, RunReport, StageResult } from '../../src/model/report.js'
import { rootCauseLine } from '../../src/report/describe.js'
import { reportOutputs } from '../../src/report/outputs.js'
import { rankAnnotations } from '../../src/report/rank.js'
import { chooseRootCause } from '../../src/report/root-cause.js'
import { renderSummary } from '../../src/report/summary.js'
import {
  foreignTags,
  renderedHeadline,
  renderedOutsideCode,
  renderMarkdown,
  visibleText
} from '../support/markdown.js'

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

function stage(over: Partial<StageResult> & Pick<StageResult, 'stage'>): StageResult {
  return { status: 'passed', durationMs: 1000, failures: [], notices: [], notes: [], ...over }
}

function report(stages: StageResult[], tests = { passed: 0, failed: 0, skipped: 0 }): RunReport {
  for (const s of stages) if (s.failures.length > 0) s.status = 'failed'
  const r: RunReport = {
    result: 'failure',
    stages,
    setupFailures: [],
    tests,
    durationMs: 2000,
    workingDirectory: '.'
  }
  r.rootCause = chooseRootCause(r)
  r.result = r.rootCause ? 'failure' : 'success'
  return r
}

function coverage(percentText: string, covered: number, statements: number): CoverageReport {
  return {
    mode: 'set',
    statements,
    covered,
    percent: Number(percentText),
    percentText,
    packages: [{ importPath: 'example.com/m/calc', statements, covered, percent: Number(percentText) }],
    files: [
      {
        file: 'calc/calc.go',
        importPath: 'example.com/m/calc/calc.go',
        statements,
        covered,
        firstUncovered: { line: 7, col: 2, endLine: 9 },
        uncoveredBlocks: 1
      }
    ],
    excludedFiles: 0,
    profile: 'unit.coverprofile'
  }
}

const tidyFailure = failure({
  kind: 'mod-tidy',
  stage: 'tidy',
  package: undefined,
  test: undefined,
  location: { file: 'go.mod', line: 6 },
  title: 'go.mod is not tidy',
  message:
    'go.mod is not tidy: example.com/legacyclock is required but not used. Run `go mod tidy` and commit the result.\nRequired but not used: example.com/legacyclock'
})

describe('the first sentence says the kind in words', () => {
  test('go.mod not tidy: a clause, quoted commands as code, the slug only in root-cause-kind', () => {
    const r = report([stage({ stage: 'tidy', failures: [tidyFailure], diff: '-require x\n+require y\n' })])
    const text = visibleText(renderedHeadline(renderSummary(r)))
    expect(text).toBe(
      '❌ The tidy stage failed because go.mod is not tidy at go.mod:6: example.com/legacyclock is required but not used. Run go mod tidy and commit the result.'
    )
    expect(renderedHeadline(renderSummary(r))).toContain('<code>go mod tidy</code>')
    expect(text).not.toContain('mod-tidy')
    expect(reportOutputs(r)['root-cause-kind']).toBe('mod-tidy')
    expect(reportOutputs(r)['root-cause']).toBe(
      'The tidy stage failed because go.mod is not tidy at go.mod:6: example.com/legacyclock is required but not used. Run `go mod tidy` and commit the result.'
    )
  })

  test('a lint finding names its linter, and the quoted identifier is code', () => {
    const lint = failure({
      kind: 'lint',
      stage: 'lint',
      package: undefined,
      test: undefined,
      tool: 'errcheck',
      location: { file: 'store/file.go', line: 31, col: 11 },
      message: 'Error return value of `os.Remove` is not checked'
    })
    const html = renderedHeadline(renderSummary(report([stage({ stage: 'lint', failures: [lint] })])))
    expect(visibleText(html)).toBe(
      '❌ The lint stage failed with a lint finding (errcheck) at store/file.go:31:11: Error return value of os.Remove is not checked.'
    )
    expect(html).toContain('<code>os.Remove</code>')
  })

  test('coverage below the threshold gives the numbers, once', () => {
    const gate = failure({
      kind: 'coverage-below-threshold',
      package: undefined,
      test: undefined,
      location: undefined,
      title: 'Coverage is 14.3%, below the 90% threshold by 75.7 points',
      message: 'Total coverage 14.3% (1 of 7 statements); threshold 90%; gap 75.7 points.'
    })
    const r = report([
      stage({ stage: 'unit', failures: [gate], coverage: coverage('14.3', 1, 7), coverageThreshold: 90 })
    ])
    const summary = renderSummary(r)
    expect(visibleText(renderedHeadline(summary))).toBe(
      '❌ The unit stage failed because coverage 14.3% is below the 90% threshold by 75.7 points.'
    )
    expect(rootCauseLine(r)).toBe(
      'The unit stage failed because coverage 14.3% is below the 90% threshold by 75.7 points'
    )
    // The failure block does not say it again: the coverage section has the numbers.
    expect(summary).not.toContain('Total coverage 14.3%')
  })

  test('a failure with no package to blame says go-gate cannot explain it, not that a test binary failed', () => {
    const silent = failure({
      kind: 'package-failure',
      package: undefined,
      test: undefined,
      location: undefined
    })
    silent.message = 'go test exited with status 1, and go-gate could not explain why.'
    expect(rootCauseLine(report([stage({ stage: 'unit', failures: [silent] })]))).toBe(
      'The unit stage failed with a failure go-gate cannot explain: go test exited with status 1, and go-gate could not explain why.'
    )
    const binary = failure({ kind: 'package-failure', test: undefined, location: undefined })
    binary.message = 'The test binary exited with a failure but printed no reason.'
    expect(rootCauseLine(report([stage({ stage: 'unit', failures: [binary] })]))).toMatch(
      /^The unit stage failed with a test binary that failed in example\.com\/shop\/cart: /
    )
  })

  test('a panic is said once', () => {
    const panic = failure({
      kind: 'panic',
      message: 'panic: assignment to entry in nil map [recovered]\ngoroutine 7 [running]:'
    })
    const text = visibleText(
      renderedHeadline(renderSummary(report([stage({ stage: 'unit', failures: [panic] })])))
    )
    expect(text).toBe(
      '❌ The unit stage failed with a panic in TestTotal/empty_cart at cart/cart_test.go:42: assignment to entry in nil map.'
    )
    expect(text.match(/panic/g)).toHaveLength(1)
  })
})

describe('messages are code, bounded, and keep their spacing', () => {
  test('a test message keeps the spaces that are its evidence', () => {
    const f = failure({ message: 'api_test.go:66: POST /tasks {"title":"   "}: status = 201, want 400' })
    const html = renderedHeadline(renderSummary(report([stage({ stage: 'unit', failures: [f] })])))
    expect(html).toContain(
      '<code>POST /tasks {&quot;title&quot;:&quot;   &quot;}: status = 201, want 400</code>'
    )
  })

  test('a long message is cut with an ellipsis in the sentence and the output; the block has it whole', () => {
    const long = `want ${'x'.repeat(500)} end`
    const r = report([stage({ stage: 'unit', failures: [failure({ message: `cart_test.go:42: ${long}` })] })])
    const summary = renderSummary(r)
    const code = /<code>([^<]*)<\/code>\.$/.exec(renderedHeadline(summary))?.[1] ?? ''
    expect([...code]).toHaveLength(160)
    expect(code.endsWith('…')).toBe(true)
    expect(rootCauseLine(r).endsWith('…')).toBe(true)
    expect(rootCauseLine(r).length).toBeLessThan(260)
    expect(reportOutputs(r)['root-cause']).toBe(rootCauseLine(r))
    expect(visibleText(renderMarkdown(summary))).toContain(long)
  })

  test('quoted code from a tool cannot open HTML or a link', () => {
    const f = failure({
      message: 'x.go:1: use `<img src=x onerror=alert(1)>` and [a](javascript:x) <b>bold</b>'
    })
    const html = renderMarkdown(renderSummary(report([stage({ stage: 'unit', failures: [f] })])))
    expect(
      foreignTags(renderedOutsideCode(renderSummary(report([stage({ stage: 'unit', failures: [f] })]))))
    ).toEqual([])
    expect(html).not.toContain('href="javascript')
  })
})

describe('counts read as a person would write them', () => {
  test('a failing subtest and its parent: 2 failed, said as 1 failing test and its parent', () => {
    const f = failure({ test: 'TestAdd/negative_first' })
    const summary = renderSummary(
      report([stage({ stage: 'unit', failures: [f], tests: { passed: 1, failed: 2, skipped: 0 } })], {
        passed: 1,
        failed: 2,
        skipped: 0
      })
    )
    const text = visibleText(renderMarkdown(summary))
    expect(text).toContain(
      'Tests: 1 passed, 2 failed (1 failing test and 1 parent that fails with it), 0 skipped'
    )
    expect(text).toContain('1 failure')
    expect(text).not.toContain('Failures (')
  })

  test('no tests ran; singular forms; packages that did not build or have no tests', () => {
    const compile = failure({
      kind: 'compile-error',
      test: undefined,
      package: 'example.com/m/broken',
      location: { file: 'broken/x.go', line: 3, col: 2 },
      message: 'x.go:3:2: undefined: y',
      output: ['# example.com/m/broken', 'x.go:3:2: undefined: y']
    })
    const unit = stage({
      stage: 'unit',
      failures: [compile],
      tests: { passed: 1, failed: 0, skipped: 0 },
      packages: [
        { importPath: 'example.com/m/broken', status: 'failed', tests: { passed: 0, failed: 0, skipped: 0 } },
        { importPath: 'example.com/m/empty', status: 'passed', tests: { passed: 0, failed: 0, skipped: 0 } },
        { importPath: 'example.com/m/one', status: 'passed', tests: { passed: 1, failed: 0, skipped: 0 } }
      ],
      coverage: coverage('100.0', 1, 1)
    })
    const summary = renderSummary(report([unit], { passed: 1, failed: 0, skipped: 0 }))
    const text = visibleText(renderMarkdown(summary))
    expect(text).toMatch(/example\.com\/m\/broken\s*build failed\s*–\s*–\s*–/)
    expect(text).toMatch(/example\.com\/m\/empty\s*no tests\s*–/)
    expect(text).toContain('3 packages')
    expect(text).toContain('(1 of 1 statement)')
    expect(text).not.toMatch(/\(s\)|1 tests|1 packages|1 statements/)
    // The compile error's full output is its message again: no "Full output" block.
    expect(text).not.toContain('Full output')

    const tidyOnly = renderSummary(report([stage({ stage: 'tidy', failures: [tidyFailure] })]))
    expect(visibleText(renderMarkdown(tidyOnly))).toContain('Tests: none ran')
    expect(tidyOnly).not.toContain('0 passed, 0 failed, 0 skipped')
  })
})

describe('sections', () => {
  test('a go-gate heading, the sentence, one line of counts; the environment table has a real header', () => {
    const r = report(
      [stage({ stage: 'unit', failures: [failure()], tests: { passed: 3, failed: 1, skipped: 0 } })],
      {
        passed: 3,
        failed: 1,
        skipped: 0
      }
    )
    r.environment = { goVersion: 'go1.26.0', goos: 'linux', goarch: 'amd64' }
    const html = renderMarkdown(renderSummary(r))
    expect(html.startsWith('<h3>go-gate</h3>\n<p>❌ The <code>unit</code> stage failed')).toBe(true)
    const paragraphs = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => visibleText(m[1]))
    expect(paragraphs[1]).toBe('Tests: 3 passed, 1 failed, 0 skipped · Time: 2.0s')
    expect(html).not.toMatch(/<th><\/th>/)
    expect(html).toContain('<th>Setting</th>')
  })

  test('tidy: the diff is the evidence, the message is not repeated in a failure block', () => {
    const summary = renderSummary(
      report([stage({ stage: 'tidy', failures: [tidyFailure], diff: '-require x\n+require y\n' })])
    )
    expect(summary.match(/is required but not used/g)).toHaveLength(1)
    expect(summary).not.toContain('Required but not used')
  })

  test('clipped lines in a block say how much was cut', () => {
    const f = failure({ message: `cart_test.go:42: short\n${'y'.repeat(2500)}` })
    const summary = renderSummary(report([stage({ stage: 'unit', failures: [f] })]))
    expect(summary).toContain('… (500 characters cut)')
  })
})

describe('lint findings in file order, titled with the linter', () => {
  const finding = (file: string, line: number, tool: string): Failure =>
    failure({
      kind: 'lint',
      stage: 'lint',
      package: undefined,
      test: undefined,
      tool,
      location: { file, line, col: 2 },
      message: `${tool} says so`
    })
  const findings = [
    finding('z/last.go', 3, 'govet'),
    finding('a/first.go', 20, 'errcheck'),
    finding('a/first.go', 4, 'staticcheck'),
    finding('m/mid.go', 1, 'unused'),
    finding('b/b.go', 9, 'ineffassign')
  ]

  test('each finding shows its source line, in its block and in the table', () => {
    const withSource = findings.map((f, i) => ({ ...f, source: [`\tx${i} := compute() // line ${i}`] }))
    const html = renderMarkdown(renderSummary(report([stage({ stage: 'lint', failures: withSource })])))
    // The root cause (a/first.go:4) has its own block with the line as Go code.
    expect(html).toContain('<pre><code class="language-go">\tx2 := compute() // line 2\n</code></pre>')
    // Its one-line message is the first sentence's already: not repeated as a block.
    expect(html).not.toContain('<pre><code class="language-text">staticcheck says so')
    // The others are table rows: the message, then the line.
    expect(html).toContain('<code>errcheck says so</code><br><code>x1 := compute() // line 1</code>')
  })

  test('the root cause is the first finding by file and line; annotations follow that order', () => {
    const r = report([stage({ stage: 'lint', failures: findings })])
    expect(r.rootCause?.location).toEqual({ file: 'a/first.go', line: 4, col: 2 })
    const annotations = rankAnnotations(r)
    expect(annotations.map((a) => a.title)).toEqual([
      'Root cause: staticcheck',
      'errcheck',
      'ineffassign',
      'unused',
      'govet'
    ])
    const summary = renderSummary(r)
    const order = ['a/first.go:20', 'b/b.go:9', 'm/mid.go:1', 'z/last.go:3'].map((l) =>
      summary.indexOf(`\`${l}:2\``)
    )
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(order.every((i) => i > 0)).toBe(true)
  })
})
