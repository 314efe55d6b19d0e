// Markdown and HTML in test names, package names, file names and output reach
// the job summary only as text: rendered the way GitHub renders it (CommonMark
// with HTML allowed), nothing a test printed becomes a tag, bold, italics or a
// link, and a name full of backticks stays whole inside its code span.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import MarkdownIt from 'markdown-it'
import { CoverageProfileParser, summarizeProfile } from '../../src/coverage/index.js'
import type { SourceIndex } from '../../src/gotest/locate.js'
import { ROOT_CAUSE_KINDS, type RunReport } from '../../src/model/report.js'
import { KIND_PHRASES } from '../../src/report/kinds.js'
import { renderSummary } from '../../src/report/summary.js'
import { foreignTags, renderedOutsideCode } from '../support/markdown.js'
import { reportFromStream } from './stream-report.js'

/** Renders as GitHub does, keeping code, to find the code spans themselves. */
const md = new MarkdownIt({ html: true })

const BLOB = 'https://github.com/acme/shop/blob/0123456789abcdef0123456789abcdef01234567'

/** Pieces of Markdown and HTML a test name or a line of output can carry. */
const PIECES = [
  '<',
  '>',
  '&',
  '*',
  '**',
  '_',
  '__',
  '~~',
  '`',
  '``',
  '```',
  '[',
  ']',
  '(',
  ')',
  '](javascript:alert(1))',
  '![x](https://evil.example/x.png)',
  '|',
  '#',
  '!',
  '\\',
  '"',
  "'",
  ':',
  '%',
  '&lt;',
  '&#60;',
  '<b>',
  '</b>',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</details>',
  '<details open>',
  '<!--',
  '-->',
  '<https://evil.example>',
  'https://evil.example/a_b_c',
  'é',
  'a',
  'b',
  'x1'
]

const hostile = (maxLength: number) =>
  fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength }).map((parts) => parts.join(''))
/** Go writes no spaces in a test name (they become _); anything else goes. */
const nameArb = hostile(8).map((s) => `Test${s}`)
const messageArb = fc
  .array(fc.oneof(hostile(12), fc.constantFrom(' ', '\t', '    ')), { minLength: 1, maxLength: 6 })
  .map((p) => p.join(' '))
/** A file name inside the repository: no slash, no newline. */
const fileArb = hostile(6).map((s) => `${s.replace(/[/\\]/g, '_')}.go`)

interface Case {
  pkg: string
  name: string
  message: string
  panic: boolean
  file: string
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  pkg: hostile(4).map((s) => `example.com/m/${s.replace(/[\\]/g, '_')}`),
  name: nameArb,
  message: messageArb,
  panic: fc.boolean(),
  file: fileArb
})

/** A failing test per case: an assertion with the message, or a panic whose frame is in the hostile file. */
function streamOf(cases: Case[]): string {
  const lines: Record<string, unknown>[] = []
  for (const c of cases) {
    const e = (Action: string, extra: Record<string, unknown> = {}) =>
      lines.push({ Action, Package: c.pkg, ...extra })
    e('start')
    e('run', { Test: c.name })
    e('output', { Test: c.name, Output: `=== RUN   ${c.name}\n` })
    if (c.panic) {
      for (const Output of [
        `--- FAIL: ${c.name} (0.00s)\n`,
        `panic: ${c.message} [recovered]\n`,
        'goroutine 7 [running]:\n',
        `${c.pkg}.${c.name}(0xc000102340)\n`,
        `\t/repo/${c.file}:12 +0x1d\n`,
        'testing.tRunner(0xc000102340, 0x5a1c88)\n',
        '\t/usr/local/go/src/testing/testing.go:1792 +0xf3\n'
      ]) {
        e('output', { Test: c.name, Output })
      }
    } else {
      e('output', { Test: c.name, Output: `    x_test.go:12: ${c.message}\n` })
      e('output', { Test: c.name, Output: `        ${c.message}\n` })
      e('output', { Test: c.name, Output: `--- FAIL: ${c.name} (0.00s)\n` })
    }
    e('fail', { Test: c.name })
    e('output', { Output: `FAIL\t${c.pkg}\t0.01s\n` })
    e('fail')
  }
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`
}

function indexOf(cases: Case[]): SourceIndex {
  return {
    repoRoot: '/repo',
    commandDir: '/repo',
    packages: new Map(cases.map((c) => [c.pkg, { importPath: c.pkg, dir: '/repo' }]))
  }
}

/** What markdown-it makes of text inside <code>: the text, HTML-escaped, line breaks as spaces. */
function inCode(text: string): string {
  return `<code>${text.replace(/\r?\n/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')}</code>`
}

/** Everything that may be bold or italic in a summary is go-gate's own words. */
const OWN_STRONG = new Set<string>([
  ...ROOT_CAUSE_KINDS.map((kind) => KIND_PHRASES[kind].text),
  'Tests:',
  'Coverage:',
  'Time:'
])
const isOwnStrong = (text: string) =>
  OWN_STRONG.has(text) || /^coverage [\d.]+% is below the [\d.]+% threshold by [\d.]+ points$/.test(text)
const OWN_EM = /^(?:\d+ more failures? not shown|The summary was cut here)/

function checkSummary(summary: string, subjects: string[]): void {
  const outside = renderedOutsideCode(summary)
  expect(foreignTags(outside)).toEqual([])
  for (const m of outside.matchAll(/<strong>([\s\S]*?)<\/strong>/g)) expect(isOwnStrong(m[1])).toBe(true)
  for (const m of outside.matchAll(/<em>([\s\S]*?)<\/em>/g)) expect(m[1]).toMatch(OWN_EM)
  for (const m of outside.matchAll(/<a\b[^>]*>/g))
    expect(m[0]).toMatch(new RegExp(`^<a href="${BLOB.replace(/[.]/g, '\\.')}/`))
  // A link never ends early: its `#L12` stays in the address, not in the text after it.
  expect(outside.replace(/<[^>]*>/g, '')).not.toMatch(/#L\d/)
  const full = md.render(summary)
  for (const subject of subjects) expect(full).toContain(inCode(subject))
}

describe('hostile names and output in the summary', () => {
  test('failures with hostile test, package and file names and messages', () => {
    fc.assert(
      fc.property(fc.array(caseArb, { minLength: 1, maxLength: 4 }), (cases) => {
        const report = reportFromStream({ stdout: [streamOf(cases)] }, indexOf(cases))
        expect(report.result).toBe('failure')
        const summary = renderSummary(report, { blobUrl: BLOB })
        checkSummary(summary, [cases[0].name])
      }),
      { numRuns: 300 }
    )
  })

  test('a file name with a parenthesis and emphasis cannot end its link early', () => {
    const cases: Case[] = [
      { pkg: 'example.com/m/a', name: 'TestX', message: 'boom', panic: true, file: 'a)*b* c.go' }
    ]
    const report = reportFromStream({ stdout: [streamOf(cases)] }, indexOf(cases))
    expect(report.rootCause?.location?.file).toBe('a)*b* c.go')
    checkSummary(renderSummary(report, { blobUrl: BLOB }), ['TestX'])
  })

  test.each([
    ['a name made of backticks', 'Test``x```y`'],
    ['a name that starts and ends with a backtick', '`x`'],
    ['a name with a pipe and HTML', 'TestA|<b>bold</b>|'],
    ['a name that closes the details element', 'Test</details><script>alert(1)</script>']
  ])('%s stays whole in its code span', (_what, name) => {
    const cases: Case[] = [
      { pkg: 'example.com/m/a', name, message: '**not bold** <i>x</i>', panic: false, file: 'x.go' }
    ]
    const report = reportFromStream({ stdout: [streamOf(cases)] }, indexOf(cases))
    checkSummary(renderSummary(report, { blobUrl: BLOB }), [name])
  })

  test('hostile package names in the coverage table stay inside their cells', () => {
    const names = ['a|b', '<b>x</b>', '`tick`', '**bold**', 'c_d_e', '[l](javascript:x)']
    const parser = new CoverageProfileParser('cover.out')
    parser.pushText(
      `mode: set\n${names.map((n, i) => `example.com/m/${n}/f.go:1.1,2.2 ${i + 1} ${i % 2}`).join('\n')}\n`
    )
    const coverage = summarizeProfile(parser.finish(), {
      repoRoot: '/repo',
      modules: [{ path: 'example.com/m', dir: '/repo' }],
      exclude: []
    })
    const report: RunReport = {
      result: 'failure',
      stages: [
        {
          stage: 'unit',
          status: 'failed',
          durationMs: 1,
          failures: [
            {
              kind: 'coverage-below-threshold',
              stage: 'unit',
              severity: 'error',
              title: 'Coverage is low',
              message: 'low'
            }
          ],
          notices: [],
          notes: [],
          coverage,
          coverageThreshold: 90
        }
      ],
      setupFailures: [],
      tests: { passed: 0, failed: 0, skipped: 0 },
      durationMs: 1,
      workingDirectory: '.'
    }
    report.rootCause = report.stages[0].failures[0]
    const summary = renderSummary(report)
    checkSummary(summary, [])
    const html = md.render(summary)
    for (const n of names) expect(html).toContain(inCode(`example.com/m/${n}`))
    // Every package is one row of four cells.
    const rows = [...html.matchAll(/<tr>\s*<td><code>example\.com\/m\/[\s\S]*?<\/tr>/g)].map((m) => m[0])
    expect(rows).toHaveLength(names.length)
    for (const row of rows) expect(row.match(/<td/g)).toHaveLength(4)
  })
})
