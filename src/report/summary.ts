// src/report/ owns rendering, at the top of the core: a RunReport in; the root cause chosen and
// described (root-cause, describe), annotations ranked (rank), the job summary (summary), terminal
// text (terminal), JSON (json) and the step outputs (outputs) out, with test output escaped before
// it reaches Markdown (escape). It decides nothing about Go output, and no core module imports it.
//
// The job summary: a `### go-gate` heading, the sentence that names the root
// cause, a one-line count, then the stages, the failures, coverage, the
// packages and the environment. It stays under GitHub's 1 MiB step-summary
// limit however many tests fail, and says what it cut.
import { baselineLabel, formatCoverageDelta } from '../coverage/baseline.js'
import { lineRangeText } from '../coverage/patch.js'
import { formatCoveragePercent } from '../coverage/percent.js'
import type { CoverageComparison, CoverageReport, PatchCoverage } from '../model/coverage.js'
import type { Failure, PackageResult, RunReport, StageResult } from '../model/report.js'
import { formatDuration } from '../text/duration.js'
import {
  compareLocations,
  failureSubject,
  formatLocation,
  rootCauseParts,
  SENTENCE_MESSAGE_CHARS
} from './describe.js'
import { clip, clipLine, codeBlock, codeSpan, escapeHtml, escapeMarkdown, renderMessage } from './escape.js'
import { KIND_LABELS } from './kinds.js'
import { renderShardSection } from './shard.js'
import { countFailedTests, plural } from './words.js'

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
/** What the summary may use: the rest of the MiB is headroom for the cut notice. */
const SUMMARY_BUDGET_BYTES = 900 * 1024
/** Room kept for the sections after the failures, on top of their own size. */
const TRAILER_RESERVE_BYTES = 4096
/** The heading that tells this summary apart when several steps' summaries stack. */
export const SUMMARY_HEADING = '### go-gate'
const MAX_FAILURES_SHOWN = 50
/** Lines of a failure's message shown in its block. */
const MAX_MESSAGE_LINES = 60
/** Lines of a failure's full output shown; past this the middle is cut. */
const MAX_OUTPUT_LINES = 200
/** Of those, how many come from the start; the rest are the last lines. */
const OUTPUT_HEAD_LINES = 50
const MAX_LINE_CHARS = 2000
/** More lint findings than this read as one table after the root cause. */
const FINDINGS_TABLE_AFTER = 3
const MAX_FINDINGS_IN_TABLE = 500
const MAX_PACKAGES_LISTED = 300
const MAX_NOT_STARTED_LISTED = 100
const MAX_NOTICES_LISTED = 200
const MAX_LEAST_COVERED_FILES = 10

export interface SummaryOptions {
  /** Link target for file locations, e.g. https://github.com/o/r/blob/<sha>. */
  blobUrl?: string
  budgetBytes?: number
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** Ends a sentence with a full stop unless it has one. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`
}

/** The sentence under the heading: stage, what went wrong, test, location and message. */
export function renderHeadline(report: RunReport, options: SummaryOptions = {}): string {
  const failure = report.rootCause
  if (!failure) {
    const ran = report.stages.filter((s) => s.status === 'passed').map((s) => s.stage)
    const stage = report.stages.find((s) => s.coverage)
    const coverage = stage?.coverage
    const passed = report.tests.passed
    const delta = coverageDeltaText(stage?.coverageComparison)
    return `✅ go-gate passed: ${ran.length > 0 ? ran.join(', ') : 'no stages'}${passed > 0 ? `, ${plural(passed, 'test')} passed` : ''}${coverage ? `, coverage ${coverage.percentText}%${delta}` : ''}.`
  }
  const p = rootCauseParts(failure, report)
  const where = p.stage ? `The ${codeSpan(p.stage)} stage failed` : 'go-gate could not start'
  const tool = p.tool
    ? failure.kind === 'lint'
      ? ` (${codeSpan(p.tool)})`
      : ` from ${codeSpan(p.tool)}`
    : ''
  const parts = [
    `❌ ${where} ${p.join} **${escapeMarkdown(p.phrase)}**${tool}`,
    p.subject ? ` in ${codeSpan(p.subject)}` : '',
    p.location ? ` at ${linkLocation(p.location, failure, options)}` : '',
    p.detail ? `: ${renderMessage(p.detail)}` : ''
  ]
  // A message that ends its own sentence needs no second full stop after its code span.
  return p.detail && /[.!?]$/.test(p.detail) ? parts.join('') : sentence(parts.join(''))
}

/** ` (−1.4 against main@abc1234)` after a total, or nothing without a baseline. */
function coverageDeltaText(comparison: CoverageComparison | undefined): string {
  if (!comparison?.base || comparison.delta === undefined) return ''
  return ` (${formatCoverageDelta(comparison.delta)} against ${baselineLabel(comparison.base)})`
}

/** `66.7% (4 of 6 statements)`, or that no changed line holds a statement. */
function patchPercentText(patch: PatchCoverage): string {
  if (patch.percent === undefined) return 'no changed statements'
  return `${formatCoveragePercent(patch.percent)}% (${patch.covered} of ${plural(patch.statements, 'statement')})`
}

/** One line of counts under the headline: tests, coverage, time. */
export function renderCountLine(report: RunReport): string {
  const t = report.tests
  const ran = t.passed + t.failed + t.skipped
  const parts: string[] = []
  if (ran === 0) parts.push('**Tests:** none ran')
  else {
    const failures = [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)]
    const failed = countFailedTests(t.failed, failures)
    parts.push(`**Tests:** ${t.passed} passed, ${failed}, ${t.skipped} skipped`)
  }
  const stage = report.stages.find((s) => s.coverage)
  if (stage?.coverage)
    parts.push(`**Coverage:** ${stage.coverage.percentText}%${coverageDeltaText(stage.coverageComparison)}`)
  const patch = stage?.patchCoverage
  if (patch) parts.push(`**Patch coverage:** ${patchPercentText(patch)}`)
  parts.push(`**Time:** ${formatDuration(report.durationMs)}`)
  return parts.join(' · ')
}

export function linkLocation(text: string, failure: Failure, options: SummaryOptions): string {
  if (!options.blobUrl || !failure.location) return codeSpan(text)
  const line = failure.location.line !== undefined ? `#L${failure.location.line}` : ''
  return `[${codeSpan(text)}](${options.blobUrl}/${encodePath(failure.location.file)}${line})`
}

/** Percent-encodes a repository path for a link: nothing in it may end the link or start Markdown. */
export function encodePath(file: string): string {
  return file
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*_~]/g,
        (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
      )
    )
    .join('/')
}

const STATUS_ICON: Record<StageResult['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭️ skipped'
}

function stageDetails(s: StageResult): string {
  if (s.status === 'failed' && s.failures[0]) {
    return `${plural(s.failures.length, 'failure')}, first: ${KIND_LABELS[s.failures[0].kind]}`
  }
  if (!s.tests) return ''
  const ran = s.tests.passed + s.tests.failed + s.tests.skipped
  return ran === 0
    ? 'no tests'
    : `${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`
}

export function renderStages(report: RunReport): string {
  if (report.stages.length === 0) return ''
  const rows = report.stages.map((s) => {
    const status =
      s.status === 'skipped' && s.skipReason
        ? `${STATUS_ICON.skipped}: ${escapeMarkdown(s.skipReason)}`
        : STATUS_ICON[s.status]
    const time = s.status === 'skipped' ? '' : formatDuration(s.durationMs)
    return `| ${s.stage} | ${status} | ${escapeMarkdown(stageDetails(s))} | ${time} |`
  })
  return ['| Stage | Result | Details | Time |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

function renderFindingsTable(findings: readonly Failure[], options: SummaryOptions): string {
  const ordered = [...findings].sort(compareLocations)
  const rows = ordered.slice(0, MAX_FINDINGS_IN_TABLE).map((f) => {
    const location = formatLocation(f.location)
    const where = location ? linkLocation(location, f, options) : ''
    const message = renderMessage(clip(f.message.split('\n')[0] ?? f.title, SENTENCE_MESSAGE_CHARS), true)
    const source = f.source?.[0]?.trim()
    const text = source ? `${message}<br>${codeSpan(clip(source, SENTENCE_MESSAGE_CHARS), true)}` : message
    return `| ${where} | ${f.tool ? codeSpan(f.tool, true) : ''} | ${text} |`
  })
  const more =
    findings.length > MAX_FINDINGS_IN_TABLE
      ? `\n\n${plural(findings.length - MAX_FINDINGS_IN_TABLE, 'more finding')} ${findings.length - MAX_FINDINGS_IN_TABLE === 1 ? 'is' : 'are'} in the log.`
      : ''
  return ['| Where | Linter | Finding |', '| --- | --- | --- |', ...rows].join('\n') + more
}

function failureHeading(index: number, failure: Failure, options: SummaryOptions): string {
  const subject = failureSubject(failure)
  const location = formatLocation(failure.location)
  const tool = failure.tool
    ? failure.kind === 'lint'
      ? ` (${codeSpan(failure.tool)})`
      : subject
        ? ''
        : ` from ${codeSpan(failure.tool)}`
    : ''
  return `#### ${index}. ${KIND_LABELS[failure.kind]}${tool}${subject ? ` in ${codeSpan(subject)}` : ''}${location ? ` at ${linkLocation(location, failure, options)}` : ''}`
}

/**
 * True when the first sentence already says everything the failure's message
 * would: a one-line message shown whole, or a failure whose evidence has its
 * own section (the tidy diff, the coverage table).
 */
function sentenceSaysAll(failure: Failure, report: RunReport): boolean {
  if (failure !== report.rootCause) return false
  const stage = report.stages.find((s) => s.stage === failure.stage)
  if (failure.kind === 'coverage-below-threshold' && stage?.coverage) return true
  if (failure.kind === 'mod-tidy' && stage?.diff) return true
  const lines = failure.message.split('\n').filter((l) => l.trim() !== '')
  const detail = rootCauseParts(failure, report).detail
  return lines.length <= 1 && !(failure.output?.length ?? 0) && !detail?.endsWith('…')
}

function renderFailure(index: number, failure: Failure, report: RunReport, options: SummaryOptions): string {
  const lines = [failureHeading(index, failure, options)]
  // The root cause's heading is enough when the first sentence showed the whole message;
  // a finding's source line is still worth showing.
  if (sentenceSaysAll(failure, report)) {
    if (failure.source) lines.push('', codeBlock(failure.source, 'go'))
    return lines.join('\n')
  }
  const subject = failureSubject(failure)
  if (failure.package && failure.package !== subject) lines.push('', `Package ${codeSpan(failure.package)}`)
  const message = failure.message.split('\n').map((l) => clipLine(l, MAX_LINE_CHARS))
  const cutMessage =
    message.length > MAX_MESSAGE_LINES
      ? [
          ...message.slice(0, MAX_MESSAGE_LINES),
          `… ${plural(message.length - MAX_MESSAGE_LINES, 'more line')} in the full output`
        ]
      : message
  lines.push('', codeBlock(cutMessage))
  // The offending line under a finding, as golangci-lint prints it.
  if (failure.source) lines.push('', codeBlock(failure.source, 'go'))
  const output = failure.output ?? []
  // The full output earns its place only when it holds something the excerpt does not.
  const shownAlready = new Set(message.map((l) => l.trim()))
  // (`# pkg`, the go command's header over a build's output, names what the heading names.)
  const adds = (l: string) =>
    l.trim() !== '' && !l.startsWith('# ') && !shownAlready.has(clipLine(l, MAX_LINE_CHARS).trim())
  if (output.some(adds)) {
    const clipped = output.map((l) => clipLine(l, MAX_LINE_CHARS))
    const tailLines = MAX_OUTPUT_LINES - OUTPUT_HEAD_LINES
    const shown =
      clipped.length > MAX_OUTPUT_LINES
        ? [
            ...clipped.slice(0, OUTPUT_HEAD_LINES),
            `… ${plural(clipped.length - MAX_OUTPUT_LINES, 'line')} cut …`,
            ...clipped.slice(-tailLines)
          ]
        : clipped
    const cut = failure.outputTruncated || clipped.length > MAX_OUTPUT_LINES ? ', cut to fit' : ''
    lines.push(
      '',
      `<details><summary>Full output (${plural(output.length, 'line')}${cut})</summary>`,
      '',
      codeBlock(shown),
      '',
      '</details>'
    )
  }
  return lines.join('\n')
}

export function renderCoverageSection(
  coverage: CoverageReport,
  threshold: number | undefined,
  failed: boolean,
  comparison?: CoverageComparison
): string {
  const lines: string[] = []
  const gate = threshold && threshold > 0 ? `, threshold ${threshold}%` : ''
  const drop = comparison?.dropMax !== undefined ? `, coverage-drop-max ${comparison.dropMax}` : ''
  const versus =
    comparison?.base && comparison.delta !== undefined
      ? `, ${formatCoverageDelta(comparison.delta)} against ${baselineLabel(comparison.base)}`
      : ''
  const title = `Coverage ${coverage.percentText}%${versus} (${coverage.covered} of ${plural(coverage.statements, 'statement')}${gate}${drop})`
  const withDelta = comparison?.base !== undefined
  const deltaOf = new Map((comparison?.packages ?? []).map((p) => [p.importPath, p]))
  const deltaCell = (importPath: string) => {
    const p = deltaOf.get(importPath)
    return p?.delta !== undefined ? formatCoverageDelta(p.delta) : 'new'
  }
  const table = [
    `| Package | Covered | Statements | Coverage |${withDelta ? ' Δ |' : ''}`,
    `| --- | ---: | ---: | ---: |${withDelta ? ' ---: |' : ''}`,
    ...coverage.packages.map(
      (p) =>
        `| ${codeSpan(p.importPath, true)} | ${p.covered} | ${p.statements} | ${p.statements === 0 ? '–' : `${p.percent.toFixed(1)}%`} |${withDelta ? ` ${p.statements === 0 ? '–' : deltaCell(p.importPath)} |` : ''}`
    )
  ]
  // Packages the baseline had and this run does not: gone, or now without statements.
  const current = new Set(coverage.packages.map((p) => p.importPath))
  const gone = (comparison?.packages ?? []).filter(
    (p) => !current.has(p.importPath) && p.basePercent !== undefined
  )
  for (const p of gone.slice(0, MAX_PACKAGES_LISTED))
    table.push(`| ${codeSpan(p.importPath, true)} | – | – | gone | was ${p.basePercent?.toFixed(1)}% |`)
  if (coverage.excludedFiles > 0)
    table.push('', `${plural(coverage.excludedFiles, 'file')} left out by coverage-exclude.`)
  if (comparison?.base)
    table.push(
      '',
      `Compared with the baseline of ${codeSpan(baselineLabel(comparison.base))}: ${formatCoveragePercent(comparison.base.percent)}%.`
    )
  if (comparison?.missing)
    table.push('', `No comparison with the base branch: ${escapeMarkdown(sentence(comparison.missing))}`)
  if (!failed) {
    lines.push(`<details><summary>${escapeHtml(title)}</summary>`, '', ...table, '', '</details>')
    return lines.join('\n')
  }
  lines.push(`### ${escapeMarkdown(title)}`, '', ...table, '')
  const worst = coverage.files.filter((f) => f.covered < f.statements).slice(0, MAX_LEAST_COVERED_FILES)
  if (worst.length > 0) {
    lines.push(
      'Least-covered files:',
      '',
      '| File | Uncovered statements | Coverage |',
      '| --- | ---: | ---: |',
      ...worst.map(
        (f) =>
          `| ${codeSpan(f.file, true)}${f.firstUncovered ? `:${f.firstUncovered.line}` : ''} | ${f.statements - f.covered} | ${((100 * f.covered) / f.statements).toFixed(1)}% |`
      )
    )
  }
  return lines.join('\n')
}

/** Uncovered changed ranges listed in the summary; the rest are counted. */
const MAX_PATCH_RANGES_LISTED = 100

/** Patch coverage: the changed lines' statements, and the changed lines no test ran. */
function renderPatchSection(patch: PatchCoverage, failed: boolean): string {
  const gate = patch.threshold !== undefined ? `, patch-coverage-threshold ${patch.threshold}%` : ''
  const since = `changed since ${patch.baseSha.slice(0, 7)}`
  const title =
    patch.percent === undefined
      ? `Patch coverage: no statements on the lines ${since}`
      : `Patch coverage ${formatCoveragePercent(patch.percent)}% (${patch.covered} of ${plural(patch.statements, 'statement')} on lines ${since}${gate})`
  const body: string[] = []
  if (patch.uncovered.length > 0) {
    body.push('Changed lines no test ran:', '')
    for (const r of patch.uncovered.slice(0, MAX_PATCH_RANGES_LISTED)) {
      const lines = lineRangeText(r)
      body.push(`- ${codeSpan(`${r.file}:${lines}`)}`)
    }
    if (patch.uncovered.length > MAX_PATCH_RANGES_LISTED)
      body.push(`- … and ${patch.uncovered.length - MAX_PATCH_RANGES_LISTED} more`)
  }
  if (patch.skippedFiles > 0)
    body.push(
      ...(body.length > 0 ? [''] : []),
      `${plural(patch.skippedFiles, 'changed file')} left out: not Go, tests, generated or excluded by coverage-exclude.`
    )
  if (!failed && patch.uncovered.length === 0)
    return body.length > 0
      ? `<details><summary>${escapeHtml(title)}</summary>\n\n${body.join('\n')}\n\n</details>`
      : `${escapeMarkdown(title)}.`
  return [`### ${escapeMarkdown(title)}`, ...(body.length > 0 ? ['', ...body] : [])].join('\n')
}

/** A package's result in words: "build failed" says more than "failed 0 0 0". */
function packageStatus(p: PackageResult, stage: StageResult): string {
  const ran = p.tests.passed + p.tests.failed + p.tests.skipped
  switch (p.status) {
    case 'not-run':
      // Stopped by fail-fast, a stage timeout or cancellation: say whether it had started.
      return ran > 0 ? 'stopped' : 'not run'
    case 'no-tests':
      return 'no test files'
    case 'passed':
      return ran === 0 ? 'no tests' : 'passed'
    case 'failed': {
      if (ran > 0) return 'failed'
      const built = !stage.failures.some(
        (f) =>
          f.package === p.importPath &&
          (f.kind === 'compile-error' || f.kind === 'vet-error' || f.kind === 'dependency')
      )
      return built ? 'failed' : 'build failed'
    }
    default:
      return p.status
  }
}

function renderPackages(report: RunReport): string {
  const packages = report.stages.flatMap((s) => (s.packages ?? []).map((p) => ({ stage: s, p })))
  if (packages.length === 0) return ''
  const shown = packages.slice(0, MAX_PACKAGES_LISTED)
  const rows = shown.map(({ stage, p }) => {
    const ran = p.tests.passed + p.tests.failed + p.tests.skipped > 0
    const count = (n: number) => (ran ? String(n) : '–')
    const time = p.elapsedSeconds !== undefined ? `${p.elapsedSeconds.toFixed(2)}s` : ''
    return `| ${stage.stage} | ${codeSpan(p.importPath, true)} | ${packageStatus(p, stage)}${p.cached ? ' (cached)' : ''} | ${count(p.tests.passed)} | ${count(p.tests.failed)} | ${count(p.tests.skipped)} | ${time} |`
  })
  const more =
    packages.length > shown.length
      ? `\n\n${plural(packages.length - shown.length, 'more package')} not listed.`
      : ''
  return [
    `<details><summary>${plural(packages.length, 'package')}</summary>`,
    '',
    '| Stage | Package | Result | Passed | Failed | Skipped | Time |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: |',
    ...rows,
    more,
    '',
    '</details>'
  ].join('\n')
}

function renderEnvironment(report: RunReport): string {
  const env = report.environment
  if (!env) return ''
  const rows: [string, string | undefined][] = [
    ['Go', env.goVersion],
    ['go.mod go', env.goModGo],
    ['go.mod toolchain', env.goModToolchain],
    ['GOOS/GOARCH', env.goos && env.goarch ? `${env.goos}/${env.goarch}` : undefined],
    ['CGO_ENABLED', env.cgoEnabled],
    ['GOFLAGS', env.goflags],
    ['GOPROXY', env.goproxy],
    ['Runner OS', env.runnerOs],
    ['Working directory', report.workingDirectory]
  ]
  const body = rows
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `| ${k} | ${codeSpan(v ?? '', true)} |`)
  return [
    '<details><summary>Environment</summary>',
    '',
    '| Setting | Value |',
    '| --- | --- |',
    ...body,
    '',
    '</details>'
  ].join('\n')
}

function renderCache(report: RunReport): string {
  const cache = report.cache
  if (!cache) return ''
  const lines = [
    `Cache: ${cache.hit === 'true' ? 'exact hit' : cache.hit === 'partial' ? 'restored from a fallback key' : 'not restored'}`
  ]
  if (cache.key) lines[0] += ` (key ${codeSpan(cache.key)})`
  if (cache.restoreMs !== undefined) lines[0] += `, restore took ${formatDuration(cache.restoreMs)}`
  if (cache.restoredBytes !== undefined) lines[0] += `, ${(cache.restoredBytes / 1048576).toFixed(1)} MiB`
  lines[0] += '.'
  for (const note of cache.notes) lines.push(`- ${escapeMarkdown(note)}`)
  return lines.join('\n')
}

function renderNotes(report: RunReport): string[] {
  return report.stages.flatMap((stage) =>
    stage.notes.map((note) => `> ${escapeMarkdown(`${stage.stage}: ${note}`)}`)
  )
}

/** What a stage adds after the failures: its diff, coverage, packages that never started, raw output, warnings. */
function renderStageSections(stage: StageResult): string[] {
  const sections: string[] = []
  if (stage.diff)
    sections.push(
      `### ${stage.stage}: diff\n\n${codeBlock(stage.diff.replace(/\n+$/, '').split('\n'), 'diff')}`
    )
  if (stage.flaky && stage.flaky.length > 0) sections.push(renderFlakySection(stage))
  if (stage.quarantined && stage.quarantined.length > 0) sections.push(renderQuarantineSection(stage))
  if (stage.coverage) {
    const failed = stage.failures.some(
      (f) => f.kind === 'coverage-below-threshold' && f.coverageGate !== 'patch'
    )
    sections.push(
      renderCoverageSection(stage.coverage, stage.coverageThreshold, failed, stage.coverageComparison)
    )
  }
  if (stage.patchCoverage) {
    const failed = stage.failures.some(
      (f) => f.kind === 'coverage-below-threshold' && f.coverageGate === 'patch'
    )
    sections.push(renderPatchSection(stage.patchCoverage, failed))
  }
  // Packages that started are in the package table as "stopped"; list only those that never started.
  const listed = new Set((stage.packages ?? []).map((p) => p.importPath))
  const notStarted = (stage.notRun ?? []).filter((p) => !listed.has(p))
  if (notStarted.length > 0) {
    const list = notStarted.slice(0, MAX_NOT_STARTED_LISTED).map((p) => `- ${codeSpan(p)}`)
    if (notStarted.length > MAX_NOT_STARTED_LISTED)
      list.push(`- … and ${notStarted.length - MAX_NOT_STARTED_LISTED} more`)
    sections.push(
      `<details><summary>${stage.stage}: ${plural(notStarted.length, 'package')} never started</summary>\n\n${list.join('\n')}\n\n</details>`
    )
  }
  if (stage.rawTail && stage.rawTail.length > 0) {
    sections.push(
      `### ${stage.stage}: go-gate could not explain all of this output\n\nThe last lines ${codeSpan(stage.command ?? 'go')} printed:\n\n${codeBlock(stage.rawTail.map((l) => clipLine(l, MAX_LINE_CHARS)))}`
    )
  }
  const notices = stage.notices.filter((n) => n.kind !== 'coverage-below-threshold').sort(compareLocations)
  if (notices.length > 0) {
    const rows = notices.slice(0, MAX_NOTICES_LISTED).map((n) => {
      const location = formatLocation(n.location)
      return `- ${n.severity}: ${location ? `${codeSpan(location)} ` : ''}${renderMessage(clip(n.title, SENTENCE_MESSAGE_CHARS))}`
    })
    sections.push(
      `<details><summary>${stage.stage}: ${plural(notices.length, 'warning')}</summary>\n\n${rows.join('\n')}\n\n</details>`
    )
  }
  return sections
}

/** Flaky tests listed in the summary; the rest are counted. */
const MAX_FLAKY_LISTED = 20

/** The tests that failed and then passed on a rerun, with the first failure's line and message. */
function renderFlakySection(stage: StageResult): string {
  const flaky = stage.flaky ?? []
  const rows = flaky.slice(0, MAX_FLAKY_LISTED).map((f) => {
    const location = formatLocation(f.firstFailure.location)
    return `- ${codeSpan(f.test)} in ${codeSpan(f.package)}${location ? ` at ${codeSpan(location)}` : ''}: failed on the first run, passed on attempt ${f.passedOn} of ${f.attempts}. First failure: ${renderMessage(clip(f.firstFailure.title, SENTENCE_MESSAGE_CHARS))}`
  })
  if (flaky.length > MAX_FLAKY_LISTED) rows.push(`- … and ${flaky.length - MAX_FLAKY_LISTED} more`)
  return `### ${stage.stage}: Flaky tests\n\n${plural(flaky.length, 'test')} failed and then passed when rerun alone.\n\n${rows.join('\n')}`
}

/** Quarantined tests: those that failed (not blocking) and those that passed (they can be released). */
function renderQuarantineSection(stage: StageResult): string {
  const all = stage.quarantined ?? []
  const rows = all.slice(0, MAX_FLAKY_LISTED).map((q) => {
    const location = formatLocation(q.failure?.location)
    return q.failed
      ? `- ${codeSpan(q.test)} in ${codeSpan(q.package)}${location ? ` at ${codeSpan(location)}` : ''} failed (not blocking): ${renderMessage(clip(q.failure?.title ?? '', SENTENCE_MESSAGE_CHARS))}`
      : `- ${codeSpan(q.test)} in ${codeSpan(q.package)} passed: it can be released from quarantine.`
  })
  if (all.length > MAX_FLAKY_LISTED) rows.push(`- … and ${all.length - MAX_FLAKY_LISTED} more`)
  return `### ${stage.stage}: Quarantined tests\n\n${rows.join('\n')}`
}

/** Every failure once, the root cause first. */
export function distinctFailures(report: RunReport): Failure[] {
  const failures = [
    ...report.setupFailures.filter((f) => f !== report.rootCause),
    ...report.stages.flatMap((s) => s.failures)
  ]
  if (report.rootCause) failures.unshift(report.rootCause)
  return [...new Set(failures)]
}

/** The failures, as many as fit in `room` bytes; the rest are counted. */
function renderFailures(report: RunReport, options: SummaryOptions, room: number): string[] {
  const all = distinctFailures(report)
  if (all.length === 0) return []
  const sections = [`### ${plural(all.length, 'failure')}`]
  let used = bytes(sections[0])
  // Many linter findings read best as one table; the root cause keeps its own section.
  const tabled = all.filter((f) => f.kind === 'lint' && f !== report.rootCause)
  const useTable = tabled.length > FINDINGS_TABLE_AFTER
  const sectioned = useTable ? all.filter((f) => !tabled.includes(f)) : all
  let shown = 0
  for (const failure of sectioned) {
    if (shown >= MAX_FAILURES_SHOWN) break
    const text = renderFailure(shown + 1, failure, report, options)
    if (used + bytes(text) > room) break
    sections.push(text)
    used += bytes(text) + 2
    shown++
  }
  if (useTable) {
    const table = renderFindingsTable(tabled, options)
    if (used + bytes(table) <= room) sections.push(table)
  }
  if (shown < sectioned.length) {
    const left = sectioned.length - shown
    sections.push(
      `_${plural(left, 'more failure')} not shown, to keep this summary under GitHub's 1 MiB limit; the log has them all._`
    )
  }
  return sections
}

/** Never hand GitHub a summary it would refuse: cut at the budget and say so. */
function fitToBudget(text: string, budget: number): string {
  if (bytes(text) <= budget) return text
  const cut = Buffer.from(text, 'utf8')
    .subarray(0, budget - 512)
    .toString('utf8')
    .replace(/\uFFFD$/, '')
  return `${cut}\n\n</details>\n\n_The summary was cut here to stay under GitHub's 1 MiB limit._`
}

/** Renders the whole summary within the budget. */
export function renderSummary(report: RunReport, options: SummaryOptions = {}): string {
  const budget = options.budgetBytes ?? SUMMARY_BUDGET_BYTES
  const head = [SUMMARY_HEADING, renderHeadline(report, options), renderCountLine(report)]
  const shard = renderShardSection(report)
  if (shard) head.push(shard)
  const stages = renderStages(report)
  if (stages) head.push(stages)
  head.push(...renderNotes(report))
  const tail = [
    ...report.stages.flatMap(renderStageSections),
    renderPackages(report),
    renderCache(report),
    renderEnvironment(report)
  ].filter((s) => s !== '')
  // Reserve room for what comes after the failures, then add failures while they fit.
  const room = budget - bytes(head.join('\n\n')) - bytes(tail.join('\n\n')) - TRAILER_RESERVE_BYTES
  const failures = renderFailures(report, options, room)
  return `${fitToBudget([...head, ...failures, ...tail].join('\n\n'), budget)}\n`
}
