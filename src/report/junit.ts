// JUnit XML of a run, for the reporters that read it (test dashboards, GitLab, Jenkins): a
// testsuite per package and test stage, a testcase per test with its time, the failure's
// message and location, skips. Shaped the way go test's common converters write it (the
// package as classname, a package failure with no failing test as a testcase of its own), so
// consumers that read theirs read this. Failures that belong to no package (lint, tidy,
// coverage, build, set-up) go into one `go-gate` suite, so a red gate is never a green report.
import type { Failure, FlakyTest, RunReport, StageResult, TestCase } from '../model/report.js'
import { failureDetail, formatLocation } from './describe.js'
import { escapeXml } from './escape.js'
import { KIND_LABELS } from './kinds.js'

interface JunitCase {
  classname: string
  name: string
  seconds?: number
  failure?: Failure
  skipped?: boolean
  /** Written as system-out: what the reader should know (a flaky pass). */
  note?: string
}

interface JunitSuite {
  name: string
  seconds?: number
  cases: JunitCase[]
}

const GATE_SUITE = 'go-gate'

/** Failure message attributes stay one line, short enough for a table cell. */
const MESSAGE_CHARS = 300

export function renderJunit(report: RunReport): string {
  const suites = [...report.stages.flatMap(stageSuites), ...gateSuite(report)]
  const all = suites.flatMap((s) => s.cases)
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>']
  out.push(`<testsuites name="go-gate"${counts(all)} time="${seconds(sum(suites.map(suiteSeconds)))}">`)
  for (const suite of suites) {
    out.push(
      `  <testsuite name="${escapeXml(suite.name)}"${counts(suite.cases)} time="${seconds(suiteSeconds(suite))}">`
    )
    for (const c of suite.cases) out.push(...renderCase(c))
    out.push('  </testsuite>')
  }
  out.push('</testsuites>')
  return `${out.join('\n')}\n`
}

function renderCase(c: JunitCase): string[] {
  const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${seconds(c.seconds ?? 0)}"`
  const body: string[] = []
  if (c.failure) {
    const f = c.failure
    const where = formatLocation(f.location)
    const text = [
      where ? `${where}: ${f.title}` : f.title,
      '',
      f.message,
      ...(f.rerun ? ['', f.rerun] : [])
    ].join('\n')
    body.push(
      `      <failure message="${escapeXml(failureDetail(f, MESSAGE_CHARS, false))}" type="${f.kind}">${escapeXml(text)}</failure>`
    )
  } else if (c.skipped) {
    body.push('      <skipped/>')
  }
  if (c.note) body.push(`      <system-out>${escapeXml(c.note)}</system-out>`)
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>']
}

function counts(cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure).length
  const skipped = cases.filter((c) => c.skipped).length
  return ` tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`
}

function seconds(value: number): string {
  return value.toFixed(3)
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0)
}

function suiteSeconds(suite: JunitSuite): number {
  return suite.seconds ?? sum(suite.cases.map((c) => c.seconds ?? 0))
}

const key = (pkg: string, test: string) => `${pkg}\u0000${test}`

/** The suites of a test stage: one per package, in the order packages were reported. */
function stageSuites(stage: StageResult): JunitSuite[] {
  if (stage.stage !== 'unit' && stage.stage !== 'integration') return []
  const suiteName = (pkg: string) => (stage.stage === 'unit' ? pkg : `${pkg} (${stage.stage})`)
  const suites = new Map<string, JunitSuite>()
  const suiteOf = (pkg: string): JunitSuite => {
    let suite = suites.get(pkg)
    if (!suite) {
      suite = { name: suiteName(pkg), cases: [] }
      suites.set(pkg, suite)
    }
    return suite
  }
  for (const p of stage.packages ?? []) {
    if (p.status === 'not-run') continue
    suiteOf(p.importPath).seconds = p.elapsedSeconds
  }
  const flaky = new Map((stage.flaky ?? []).map((f) => [key(f.package, f.test), f]))
  const quarantined = new Map(
    (stage.quarantined ?? [])
      .filter((q) => q.failure)
      .map((q) => [key(q.package, q.test), q.failure as Failure])
  )
  // A test's failure; the rest (package failures, a panic that ended the binary) become cases of their own.
  const testFailures = new Map<string, Failure>()
  const packageFailures: Failure[] = []
  for (const f of stage.failures) {
    if (f.severity !== 'error') continue
    if (f.package !== undefined && f.test !== undefined && !testFailures.has(key(f.package, f.test)))
      testFailures.set(key(f.package, f.test), f)
    else packageFailures.push(f)
  }
  const seen = new Set<string>()
  for (const t of stage.testCases ?? []) {
    const k = key(t.package, t.test)
    seen.add(k)
    suiteOf(t.package).cases.push(testCase(t, testFailures.get(k) ?? quarantined.get(k), flaky.get(k)))
  }
  // Failed tests the log did not keep (not asked for, over its cap, or ended by their binary).
  for (const [k, f] of [...testFailures, ...quarantined]) {
    if (seen.has(k) || f.package === undefined || f.test === undefined) continue
    seen.add(k)
    suiteOf(f.package).cases.push({ classname: f.package, name: f.test, failure: f })
  }
  for (const f of packageFailures) {
    if (f.package === undefined) continue
    suiteOf(f.package).cases.push({ classname: f.package, name: f.test ?? KIND_LABELS[f.kind], failure: f })
  }
  return [...suites.values()].filter((s) => s.cases.length > 0)
}

function testCase(t: TestCase, failure: Failure | undefined, flaky: FlakyTest | undefined): JunitCase {
  const c: JunitCase = { classname: t.package, name: t.test, seconds: t.elapsedSeconds }
  if (flaky) {
    c.note = `Flaky: failed, then passed on attempt ${flaky.passedOn} of ${flaky.attempts}. First failure: ${failureDetail(flaky.firstFailure, MESSAGE_CHARS, false)}`
    return c
  }
  if (t.status === 'failed') {
    c.failure = failure ?? {
      kind: 'test-failure',
      stage: 'unit',
      severity: 'error',
      package: t.package,
      test: t.test,
      title: `${t.test} failed`,
      message: `${t.test} failed; its failure is reported under the test that explains it.`
    }
  } else if (t.status === 'skipped') c.skipped = true
  return c
}

/** Failures that belong to no package: set-up, tidy, lint, build, coverage, a stage's timeout. */
function gateSuite(report: RunReport): JunitSuite[] {
  const failures = [
    ...report.setupFailures,
    ...report.stages.flatMap((s) =>
      s.failures.filter(
        (f) =>
          f.severity === 'error' &&
          (f.package === undefined || (s.stage !== 'unit' && s.stage !== 'integration'))
      )
    )
  ]
  if (failures.length === 0) return []
  return [
    {
      name: GATE_SUITE,
      cases: failures.map((f) => ({
        classname: GATE_SUITE,
        name: `${f.stage}: ${KIND_LABELS[f.kind]}`,
        failure: f
      }))
    }
  ]
}
