// The pull-request comment rendered from reports of real runs (the pipeline on
// fixtures), with the coverage comparison and patch coverage set as the
// coverage gate fills them: the summary's own first sentence, the delta against
// the base branch, the uncovered changed lines, every failure in a line, and a
// body GitHub accepts however much the report holds.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { formatCoveragePercent } from '../../src/coverage/percent.js'
import type { CoverageComparison, PatchCoverage } from '../../src/model/coverage.js'
import type { RunReport, StageResult } from '../../src/model/report.js'
import { COMMENT_LIMIT_CHARS, commentMarker, renderPullRequestComment } from '../../src/report/comment.js'
import { renderSummary } from '../../src/report/summary.js'
import { runFixture } from '../pipeline/support.js'
import { foreignTags, renderedOutsideCode, summaryHeadline } from '../support/markdown.js'

const marker = commentMarker('gate', '.')
const runUrl = 'https://github.com/acme/shop/actions/runs/4242/attempts/2'
const blobUrl = 'https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567'
const BASE_SHA = '89abcdef0123456789abcdef0123456789abcdef'

let covered: RunReport
let parallel: RunReport
let names: RunReport

beforeAll(async () => {
  covered = (await runFixture('coverage-multi', { stages: 'unit' })).report
  parallel = (await runFixture('parallel', { stages: 'unit', 'fail-fast': 'false' })).report
  names = (await runFixture('markdown-names', { stages: 'unit' })).report
})

function unit(report: RunReport): StageResult {
  const stage = report.stages.find((s) => s.stage === 'unit')
  if (!stage?.coverage) throw new Error('the unit stage measured no coverage')
  return stage
}

/** The run's coverage against a baseline 1.4 points higher, one package down 5 points, one new. */
function withComparison(report: RunReport): RunReport {
  const stage = unit(report)
  const coverage = stage.coverage!
  const [worst, ...rest] = coverage.packages
  const comparison: CoverageComparison = {
    base: { branch: 'main', sha: BASE_SHA, percent: coverage.percent + 1.4 },
    delta: -1.4,
    packages: [
      { importPath: worst.importPath, percent: worst.percent, basePercent: worst.percent + 5, delta: -5 },
      ...rest.map((p, i) =>
        i === 0
          ? { importPath: p.importPath, percent: p.percent }
          : { importPath: p.importPath, percent: p.percent, basePercent: p.percent, delta: 0 }
      ),
      // Only the baseline has it, as compareCoverage reports such a package.
      { importPath: 'legacy', percent: 0, basePercent: 50 }
    ],
    dropMax: 1
  }
  const file = coverage.files[0].file
  const patch: PatchCoverage = {
    baseSha: BASE_SHA,
    statements: 5,
    covered: 3,
    percent: 60,
    threshold: 80,
    uncovered: [
      { file, startLine: 12, endLine: 14 },
      { file, startLine: 20, endLine: 20 }
    ],
    skippedFiles: 1
  }
  return {
    ...report,
    stages: report.stages.map((s) =>
      s === stage ? { ...s, coverageComparison: comparison, patchCoverage: patch } : s
    )
  }
}

describe('the comment', () => {
  test('marker first, the summary’s first sentence, stages, and the link to the run', () => {
    const body = renderPullRequestComment(parallel, { marker, runUrl, blobUrl })
    expect(body.split('\n')[0]).toBe(marker)
    const sentence = summaryHeadline(renderSummary(parallel, { blobUrl }))
    expect(body.split('\n\n')[2]).toBe(sentence)
    expect(sentence).toMatch(/^❌ The `unit` stage failed with \*\*a test failure\*\*/)
    expect(body).toContain('| unit | ❌ failed | 2 failures, first: test failure |')
    expect(body).toContain(`[The whole report is in the job summary of this run.](${runUrl})`)
  })

  test('every failure in one line with its location, when there is more than one', () => {
    const body = renderPullRequestComment(parallel, { marker, runUrl, blobUrl })
    expect(body).toContain('**2 failures:**')
    const lines = body.split('\n').filter((l) => l.startsWith('- test failure in '))
    expect(lines.map((l) => /in `([^`]+)`/.exec(l)?.[1]).sort()).toEqual([
      'TestDiscount/vip_customer',
      'TestReserveOversell'
    ])
    for (const line of lines)
      expect(line).toMatch(new RegExp(`at \\[\`[\\w/]+_test\\.go:\\d+\`\\]\\(${blobUrl}/`))
  })

  test('coverage with its delta against the base branch, patch coverage and the uncovered changed lines', () => {
    const report = withComparison(covered)
    const coverage = unit(report).coverage!
    const body = renderPullRequestComment(report, { marker, runUrl, blobUrl })
    // The count line is the summary's: total with its delta, and the patch's percent.
    expect(body).toContain(
      `**Coverage:** ${coverage.percentText}% (−1.4 against main@89abcde) · **Patch coverage:** 60.0% (3 of 5 statements)`
    )
    expect(body).toContain(
      `Baseline \`main@89abcde\`: ${formatCoveragePercent(coverage.percent + 1.4)}% · Patch: the lines changed since \`89abcde\` · Gates: coverage-drop-max 1, patch-coverage-threshold 80%.`
    )
    const file = coverage.files[0].file
    expect(body).toContain('<details><summary>2 uncovered changed ranges</summary>')
    expect(body).toContain(`- [\`${file}:12-14\`](${blobUrl}/${file}#L12-L14)`)
    expect(body).toContain(`- [\`${file}:20\`](${blobUrl}/${file}#L20)`)
    expect(body).toContain(
      '1 changed file left out: not Go, tests, generated or excluded by coverage-exclude.'
    )
    // Changed packages only, in the comparison's order; an unchanged one is left out.
    const rows = body.split('\n').filter((l) => /^\| `(example\.com\/|legacy)/.test(l))
    const [worst, added, same] = coverage.packages
    expect(rows).toEqual([
      `| \`${worst.importPath}\` | ${formatCoveragePercent(worst.percent + 5)}% | ${formatCoveragePercent(worst.percent)}% | −5.0 |`,
      `| \`${added.importPath}\` | new | ${formatCoveragePercent(added.percent)}% | – |`,
      '| `legacy` | 50.0% | gone | – |'
    ])
    if (same) expect(body).not.toContain(`| \`${same.importPath}\` |`)
  })

  test('no baseline: it says why, and nothing else about a delta', () => {
    const stage = unit(covered)
    const report: RunReport = {
      ...covered,
      stages: [{ ...stage, coverageComparison: { missing: 'no baseline of main in the cache yet' } }]
    }
    const body = renderPullRequestComment(report, { marker, runUrl })
    expect(body).toContain(`**Coverage:** ${stage.coverage?.percentText}% · **Time:**`)
    expect(body).toContain(
      '\n\nNo comparison with the base branch: no baseline of main in the cache yet.\n\n'
    )
    expect(body).not.toMatch(/against|Baseline/)
  })

  test('without comparison fields the count line alone carries the total', () => {
    const body = renderPullRequestComment(covered, { marker, runUrl })
    expect(body.match(/\*\*Coverage:\*\*/g)).toHaveLength(1)
    expect(body).not.toContain('Patch coverage')
  })

  test('test names and messages with Markdown and HTML stay text', () => {
    const body = renderPullRequestComment(names, { marker, runUrl, blobUrl })
    expect(body).toContain('<script>alert(1)</script>')
    expect(foreignTags(renderedOutsideCode(body.replace(marker, '')))).toEqual([])
  })

  test('within GitHub’s comment limit however much the report holds, and it says what it left out', () => {
    const report = withComparison(parallel.stages[0].coverage ? parallel : covered)
    const stage = unit(report)
    const huge: RunReport = {
      ...report,
      stages: [
        {
          ...stage,
          patchCoverage: {
            ...stage.patchCoverage!,
            uncovered: Array.from({ length: 5000 }, (_, i) => ({
              file: `${'deep/'.repeat(40)}file${i}.go`,
              startLine: i + 1,
              endLine: i + 3
            }))
          },
          coverageComparison: {
            ...stage.coverageComparison!,
            packages: Array.from({ length: 3000 }, (_, i) => ({
              importPath: `example.com/${'x'.repeat(200)}/p${i}`,
              percent: 10,
              basePercent: 20,
              delta: -10
            }))
          }
        }
      ]
    }
    const body = renderPullRequestComment(huge, { marker, runUrl, blobUrl })
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS)
    expect(body).toContain('- … and 4970 more')
    expect(body).toContain(runUrl)

    // A name of a hundred thousand characters: the sections go first, then the sentence is cut.
    const root = { ...parallel.rootCause!, test: `Test${'A'.repeat(100_000)}` }
    const long: RunReport = { ...parallel, rootCause: root }
    const cut = renderPullRequestComment(long, { marker, runUrl })
    expect(cut.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS)
    expect(cut.startsWith(marker)).toBe(true)
    expect(cut).toContain("_Some sections were left out to stay under GitHub's comment limit._")
    expect(cut).toContain(runUrl)
  })
})
