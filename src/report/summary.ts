// src/report/ owns rendering, at the top of the core: a RunReport in; the root cause chosen and
// described (root-cause, describe), annotations ranked (rank), the job summary (summary), terminal
// text (terminal), JSON (json) and the step outputs (outputs) out, with test output escaped before
// it reaches Markdown (escape). It decides nothing about Go output, and no core module imports it.
//
// The job summary: the first line names the root cause, then the stages, the
// failures, coverage, counts and the environment. It stays under GitHub's
// 1 MiB step-summary limit however many tests fail, and says what it cut.
import type { CoverageReport } from '../model/coverage.js'
import type { Failure, RunReport, StageResult } from '../model/report.js'
import { formatDuration } from '../text/duration.js'
import { article, failureDetail, failureSubject, formatLocation } from './describe.js'
import { clip, codeBlock, codeSpan, escapeHtml, escapeMarkdown } from './escape.js'

/** GitHub refuses a step summary over 1 MiB; stay well under it. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
const SUMMARY_BUDGET_BYTES = 900 * 1024
const MAX_FAILURES_SHOWN = 50
const MAX_OUTPUT_LINES = 200
const MAX_LINE_CHARS = 2000

export interface SummaryOptions {
  /** Link target for file locations, e.g. https://github.com/o/r/blob/<sha>. */
  blobUrl?: string
  budgetBytes?: number
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/** The first line: one sentence naming stage, kind, test and location. */
export function renderHeadline(report: RunReport, options: SummaryOptions = {}): string {
  const failure = report.rootCause
  if (!failure) {
    const ran = report.stages.filter((s) => s.status === 'passed').map((s) => s.stage)
    const coverage = report.stages.find((s) => s.coverage)?.coverage
    const tests = report.tests.passed + report.tests.failed + report.tests.skipped
    return `✅ go-gate passed: ${ran.length > 0 ? ran.join(', ') : 'no stages'}${tests > 0 ? `, ${report.tests.passed} tests passed` : ''}${coverage ? `, coverage ${coverage.percentText}%` : ''}.`
  }
  const subject = failureSubject(failure)
  const location = formatLocation(failure.location)
  const where =
    failure.stage === 'setup' ? 'go-gate could not start' : `The ${codeSpan(failure.stage)} stage failed`
  const parts = [
    `❌ ${where} with ${article(failure.kind)} **${failure.kind}**`,
    subject ? ` in ${codeSpan(subject)}` : failure.tool ? ` from ${codeSpan(failure.tool)}` : '',
    location ? ` at ${linkLocation(location, failure, options)}` : '',
    `: ${escapeMarkdown(clip(failureDetail(failure), 300))}`
  ]
  const sentence = parts.join('')
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`
}

function linkLocation(text: string, failure: Failure, options: SummaryOptions): string {
  if (!options.blobUrl || !failure.location) return codeSpan(text)
  const line = failure.location.line !== undefined ? `#L${failure.location.line}` : ''
  return `[${codeSpan(text)}](${options.blobUrl}/${encodePath(failure.location.file)}${line})`
}

/** Percent-encodes a repository path for a link: nothing in it may end the link or start Markdown. */
function encodePath(file: string): string {
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

function renderStages(report: RunReport): string {
  if (report.stages.length === 0) return ''
  const rows = report.stages.map((s) => {
    const status =
      s.status === 'skipped' && s.skipReason
        ? `${STATUS_ICON.skipped}: ${escapeMarkdown(s.skipReason)}`
        : STATUS_ICON[s.status]
    const what =
      s.status === 'failed' && s.failures[0]
        ? `${s.failures.length} failure${s.failures.length === 1 ? '' : 's'}, first: ${s.failures[0].kind}`
        : s.tests
          ? `${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`
          : ''
    return `| ${s.stage} | ${status} | ${escapeMarkdown(what)} | ${s.status === 'skipped' ? '' : formatDuration(s.durationMs)} |`
  })
  return ['| Stage | Result | Details | Time |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

function renderFindingsTable(findings: readonly Failure[], options: SummaryOptions): string {
  const rows = findings.slice(0, 500).map((f) => {
    const location = formatLocation(f.location)
    const where = location ? linkLocation(location, f, options) : ''
    const text = escapeMarkdown(clip(f.message.split('\n')[0] ?? f.title, 300))
    return `| ${where} | ${f.tool ? codeSpan(f.tool, true) : ''} | ${text} |`
  })
  const more = findings.length > 500 ? `\n\n${findings.length - 500} more findings are in the log.` : ''
  return ['| Where | Linter | Finding |', '| --- | --- | --- |', ...rows].join('\n') + more
}

function renderFailure(index: number, failure: Failure, options: SummaryOptions): string {
  const subject = failureSubject(failure)
  const location = formatLocation(failure.location)
  const head = `#### ${index}. ${failure.kind}${subject ? ` in ${codeSpan(subject)}` : failure.tool ? ` from ${codeSpan(failure.tool)}` : ''}${location ? ` at ${linkLocation(location, failure, options)}` : ''}`
  const lines = [head, '']
  if (failure.package && failure.package !== subject) lines.push(`Package ${codeSpan(failure.package)}`, '')
  const message = failure.message.split('\n').map((l) => clip(l, MAX_LINE_CHARS))
  lines.push(codeBlock(message.slice(0, 60)))
  if (failure.output && failure.output.length > 0) {
    const output = failure.output.map((l) => clip(l, MAX_LINE_CHARS))
    const shown =
      output.length > MAX_OUTPUT_LINES
        ? [
            ...output.slice(0, 50),
            `… ${output.length - MAX_OUTPUT_LINES} lines cut …`,
            ...output.slice(-(MAX_OUTPUT_LINES - 50))
          ]
        : output
    const cut = failure.outputTruncated || output.length > MAX_OUTPUT_LINES ? ' (cut to fit)' : ''
    lines.push(
      '',
      `<details><summary>Full output (${failure.output.length} lines${cut})</summary>`,
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
  failed: boolean
): string {
  const lines: string[] = []
  const gate = threshold && threshold > 0 ? `, threshold ${threshold}%` : ''
  const title = `Coverage ${coverage.percentText}% (${coverage.covered} of ${coverage.statements} statements${gate})`
  const table = [
    '| Package | Covered | Statements | Coverage |',
    '| --- | ---: | ---: | ---: |',
    ...coverage.packages.map(
      (p) =>
        `| ${codeSpan(p.importPath, true)} | ${p.covered} | ${p.statements} | ${p.statements === 0 ? '–' : `${p.percent.toFixed(1)}%`} |`
    )
  ]
  if (coverage.excludedFiles > 0)
    table.push('', `${coverage.excludedFiles} file(s) left out by coverage-exclude.`)
  if (failed) {
    lines.push(`### ${escapeMarkdown(title)}`, '', ...table, '')
    const worst = coverage.files.filter((f) => f.covered < f.statements).slice(0, 10)
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
  } else {
    lines.push(`<details><summary>${escapeHtml(title)}</summary>`, '', ...table, '', '</details>')
  }
  return lines.join('\n')
}

function packageStatus(p: {
  status: string
  tests: { passed: number; failed: number; skipped: number }
}): string {
  if (p.status !== 'not-run') return p.status
  // Stopped by fail-fast, a stage timeout or cancellation: say whether it had started.
  return p.tests.passed + p.tests.failed + p.tests.skipped > 0 ? 'stopped' : 'not run'
}

function renderPackages(report: RunReport): string {
  const packages = report.stages.flatMap((s) => (s.packages ?? []).map((p) => ({ stage: s.stage, ...p })))
  if (packages.length === 0) return ''
  const shown = packages.slice(0, 300)
  const rows = shown.map(
    (p) =>
      `| ${p.stage} | ${codeSpan(p.importPath, true)} | ${packageStatus(p)}${p.cached ? ' (cached)' : ''} | ${p.tests.passed} | ${p.tests.failed} | ${p.tests.skipped} | ${p.elapsedSeconds !== undefined ? `${p.elapsedSeconds.toFixed(2)}s` : ''} |`
  )
  const more =
    packages.length > shown.length ? `\n\n${packages.length - shown.length} more packages not listed.` : ''
  return [
    `<details><summary>Packages (${packages.length})</summary>`,
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
    '| | |',
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

/** Renders the whole summary within the budget. */
export function renderSummary(report: RunReport, options: SummaryOptions = {}): string {
  const budget = options.budgetBytes ?? SUMMARY_BUDGET_BYTES
  const sections: string[] = [renderHeadline(report, options)]
  const stages = renderStages(report)
  if (stages) sections.push(stages)
  for (const stage of report.stages) {
    for (const note of stage.notes) sections.push(`> ${escapeMarkdown(`${stage.stage}: ${note}`)}`)
  }
  const failures = [
    ...report.setupFailures.filter((f) => f !== report.rootCause),
    ...report.stages.flatMap((s) => s.failures)
  ]
  if (report.rootCause) failures.unshift(report.rootCause)
  const unique = [...new Set(failures)]
  const tailSections: string[] = []
  for (const stage of report.stages) {
    if (stage.diff)
      tailSections.push(
        `### ${stage.stage}: diff\n\n${codeBlock(stage.diff.replace(/\n+$/, '').split('\n'), 'diff')}`
      )
    if (stage.coverage) {
      const failed = stage.failures.some((f) => f.kind === 'coverage-below-threshold')
      tailSections.push(renderCoverageSection(stage.coverage, stage.coverageThreshold, failed))
    }
    if (stage.notRun && stage.notRun.length > 0) {
      const list = stage.notRun.slice(0, 100).map((p) => `- ${codeSpan(p)}`)
      if (stage.notRun.length > 100) list.push(`- … and ${stage.notRun.length - 100} more`)
      tailSections.push(
        `<details><summary>${stage.stage}: ${stage.notRun.length} package(s) stopped before they finished</summary>\n\n${list.join('\n')}\n\n</details>`
      )
    }
    if (stage.rawTail && stage.rawTail.length > 0) {
      tailSections.push(
        `### ${stage.stage}: go-gate could not explain all of this output\n\nThe last lines ${codeSpan(stage.command ?? 'go')} printed:\n\n${codeBlock(stage.rawTail.map((l) => clip(l, MAX_LINE_CHARS)))}`
      )
    }
    const notices = stage.notices.filter((n) => n.kind !== 'coverage-below-threshold')
    if (notices.length > 0) {
      const rows = notices
        .slice(0, 200)
        .map(
          (n) =>
            `- ${n.severity}: ${formatLocation(n.location) ? `${codeSpan(formatLocation(n.location) ?? '')} ` : ''}${escapeMarkdown(clip(n.title, 300))}`
        )
      tailSections.push(
        `<details><summary>${stage.stage}: ${notices.length} warning(s)</summary>\n\n${rows.join('\n')}\n\n</details>`
      )
    }
  }
  const tests = report.tests
  const totals = `**Tests:** ${tests.passed} passed, ${tests.failed} failed, ${tests.skipped} skipped · **Time:** ${formatDuration(report.durationMs)}`
  const trailer = [totals, renderPackages(report), renderCache(report), renderEnvironment(report)].filter(
    (s) => s !== ''
  )

  // Reserve room for what comes after the failures, then add failures while they fit.
  const reserved = bytes([...tailSections, ...trailer].join('\n\n')) + 4096
  let used = bytes(sections.join('\n\n'))
  // Many linter findings read best as one table; the root cause keeps its own section.
  const tabled = unique.filter((f) => f.kind === 'lint' && f !== report.rootCause)
  const findingsTable = tabled.length > 3 ? renderFindingsTable(tabled, options) : ''
  const sectioned = findingsTable === '' ? unique : unique.filter((f) => !tabled.includes(f))
  if (unique.length > 0) {
    sections.push(`### Failures (${unique.length})`)
    let shown = 0
    for (const failure of sectioned) {
      if (shown >= MAX_FAILURES_SHOWN) break
      const text = renderFailure(shown + 1, failure, options)
      if (used + bytes(text) + reserved > budget) break
      sections.push(text)
      used += bytes(text) + 2
      shown++
    }
    if (findingsTable !== '' && used + bytes(findingsTable) + reserved <= budget) {
      sections.push(findingsTable)
      used += bytes(findingsTable)
    }
    if (shown < sectioned.length) {
      sections.push(
        `_${sectioned.length - shown} more failure(s) not shown, to keep this summary under GitHub's 1 MiB limit; the log has them all._`
      )
    }
  }
  let text = [...sections, ...tailSections, ...trailer].join('\n\n')
  if (bytes(text) > budget) {
    // Last resort: cut and say so. Never hand GitHub a summary it would refuse.
    const cut = Buffer.from(text, 'utf8')
      .subarray(0, budget - 512)
      .toString('utf8')
      .replace(/\uFFFD$/, '')
    text = `${cut}\n\n</details>\n\n_The summary was cut here to stay under GitHub's 1 MiB limit._`
  }
  return `${text}\n`
}
