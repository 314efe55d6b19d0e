// The sticky pull-request comment: the summary's first sentence and stages, the
// failures in one line each, coverage with its delta against the base branch and
// the patch coverage, and a link to the run. A hidden marker names the job and
// working directory, so each push updates the same comment. Within GitHub's
// comment limit whatever the report holds.
import { baselineLabel, formatCoverageDelta } from '../coverage/baseline.js'
import { lineRangeText } from '../coverage/patch.js'
import { formatCoveragePercent } from '../coverage/percent.js'
import type { CoverageComparison, PatchCoverage } from '../model/coverage.js'
import type { Failure, RunReport, StageResult } from '../model/report.js'
import { failureDetail, failureSubject, formatLocation } from './describe.js'
import { clip, codeSpan, escapeMarkdown, renderMessage } from './escape.js'
import { KIND_LABELS } from './kinds.js'
import {
  distinctFailures,
  encodePath,
  linkLocation,
  renderCountLine,
  renderHeadline,
  renderStages,
  SUMMARY_HEADING
} from './summary.js'
import { plural } from './words.js'

/** GitHub refuses an issue comment body longer than this (characters). */
export const COMMENT_LIMIT_CHARS = 65_536
/** What the comment may use: the rest is headroom. */
const COMMENT_BUDGET_CHARS = 60_000
const MAX_FAILURES_LISTED = 10
const MAX_UNCOVERED_LISTED = 30
const MAX_PACKAGES_LISTED = 25
/** Characters of one failure's message in its line. */
const FAILURE_LINE_CHARS = 160

export interface CommentOptions {
  /** The hidden marker (commentMarker) the comment is found by. */
  marker: string
  /** The run whose job summary has the whole report. */
  runUrl?: string
  /** Link target for file locations, e.g. https://github.com/o/r/blob/<sha>. */
  blobUrl?: string
  budgetChars?: number
}

/** A marker part that cannot end the HTML comment: percent-encoded, and no `--`. */
function markerPart(text: string): string {
  return encodeURIComponent(text).replace(/-(?=-)/g, '%2D')
}

/** The hidden line that tells this job's comment (in this working directory) apart from any other. */
export function commentMarker(job: string, workingDirectory: string): string {
  return `<!-- go-gate:${markerPart(job)}:${markerPart(workingDirectory)} -->`
}

/** What the count line (total, delta, patch percent) leaves unsaid: the baseline, the gates, why there is no comparison. */
function coverageContext(stage: StageResult): string {
  const comparison = stage.coverageComparison
  const patch = stage.patchCoverage
  if (!comparison && !patch) return ''
  const parts: string[] = []
  if (comparison?.base)
    parts.push(
      `Baseline ${codeSpan(baselineLabel(comparison.base))}: ${formatCoveragePercent(comparison.base.percent)}%`
    )
  if (comparison?.missing)
    parts.push(`No comparison with the base branch: ${escapeMarkdown(comparison.missing)}`)
  if (patch) parts.push(`Patch: the lines changed since ${codeSpan(patch.baseSha.slice(0, 7))}`)
  const gates = [
    stage.coverageThreshold ? `coverage-threshold ${stage.coverageThreshold}%` : '',
    comparison?.dropMax !== undefined ? `coverage-drop-max ${comparison.dropMax}` : '',
    patch?.threshold !== undefined ? `patch-coverage-threshold ${patch.threshold}%` : ''
  ].filter((g) => g !== '')
  if (gates.length > 0) parts.push(`Gates: ${gates.join(', ')}`)
  return `${parts.join(' · ')}.`
}

function uncoveredList(patch: PatchCoverage, blobUrl: string | undefined): string {
  if (patch.uncovered.length === 0) return ''
  const rows = patch.uncovered.slice(0, MAX_UNCOVERED_LISTED).map((r) => {
    const where = codeSpan(`${r.file}:${lineRangeText(r)}`)
    const anchor = r.endLine > r.startLine ? `#L${r.startLine}-L${r.endLine}` : `#L${r.startLine}`
    return `- ${blobUrl ? `[${where}](${blobUrl}/${encodePath(r.file)}${anchor})` : where}`
  })
  if (patch.uncovered.length > MAX_UNCOVERED_LISTED)
    rows.push(`- … and ${patch.uncovered.length - MAX_UNCOVERED_LISTED} more`)
  const skipped =
    patch.skippedFiles > 0
      ? `\n\n${plural(patch.skippedFiles, 'changed file')} left out: not Go, tests, generated or excluded by coverage-exclude.`
      : ''
  return `<details><summary>${plural(patch.uncovered.length, 'uncovered changed range')}</summary>\n\n${rows.join('\n')}${skipped}\n\n</details>`
}

function packageDeltas(comparison: CoverageComparison): string {
  // What changed, in the comparison's order: the largest drop first, then rises, new packages, gone ones.
  const changed = (comparison.packages ?? []).filter(
    (p) => p.delta === undefined || formatCoverageDelta(p.delta) !== '±0.0'
  )
  if (changed.length === 0 || !comparison.base) return ''
  const rows = changed.slice(0, MAX_PACKAGES_LISTED).map((p) => {
    const base = p.basePercent !== undefined ? `${formatCoveragePercent(p.basePercent)}%` : 'new'
    // A package only the baseline has (delta unset, base set) is gone.
    const now =
      p.delta === undefined && p.basePercent !== undefined ? 'gone' : `${formatCoveragePercent(p.percent)}%`
    const delta = p.delta !== undefined ? formatCoverageDelta(p.delta) : '–'
    return `| ${codeSpan(p.importPath, true)} | ${base} | ${now} | ${delta} |`
  })
  if (changed.length > MAX_PACKAGES_LISTED)
    rows.push(`| … and ${changed.length - MAX_PACKAGES_LISTED} more | | | |`)
  return [
    `<details><summary>${plural(changed.length, 'package')} changed coverage against ${escapeMarkdown(comparison.base.branch)}</summary>`,
    '',
    `| Package | ${escapeMarkdown(comparison.base.branch)} | This pull request | Change |`,
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    '</details>'
  ].join('\n')
}

/** Every failure in one line, the root cause first (the sentence above already tells it). */
function failureLines(report: RunReport, options: CommentOptions): string {
  const failures = distinctFailures(report)
  if (failures.length <= 1) return ''
  const line = (f: Failure) => {
    const subject = failureSubject(f)
    const location = formatLocation(f.location)
    const tool = f.tool && f.kind === 'lint' ? ` (${codeSpan(f.tool)})` : ''
    const detail = renderMessage(clip(failureDetail(f), FAILURE_LINE_CHARS))
    return `- ${KIND_LABELS[f.kind]}${tool}${subject ? ` in ${codeSpan(subject)}` : ''}${location ? ` at ${linkLocation(location, f, options)}` : ''}: ${detail}`
  }
  const rows = failures.slice(0, MAX_FAILURES_LISTED).map(line)
  if (failures.length > MAX_FAILURES_LISTED)
    rows.push(`- … and ${failures.length - MAX_FAILURES_LISTED} more in the job summary`)
  return `**${plural(failures.length, 'failure')}:**\n\n${rows.join('\n')}`
}

function linkLine(options: CommentOptions): string {
  return options.runUrl
    ? `[The whole report is in the job summary of this run.](${options.runUrl})`
    : 'The whole report is in the job summary.'
}

/** The comment's body: marker first; sections that do not fit the budget are left out, and it says so. */
export function renderPullRequestComment(report: RunReport, options: CommentOptions): string {
  const budget = options.budgetChars ?? COMMENT_BUDGET_CHARS
  const where = report.workingDirectory !== '.' ? ` · ${codeSpan(report.workingDirectory)}` : ''
  const coverageStage = report.stages.find((s) => s.coverage || s.coverageComparison || s.patchCoverage)
  const patch = coverageStage?.patchCoverage
  const head = [
    options.marker,
    `${SUMMARY_HEADING}${where}`,
    renderHeadline(report, options),
    renderCountLine(report)
  ]
  const sections = [
    renderStages(report),
    coverageStage ? coverageContext(coverageStage) : '',
    patch ? uncoveredList(patch, options.blobUrl) : '',
    coverageStage?.coverageComparison ? packageDeltas(coverageStage.coverageComparison) : '',
    failureLines(report, options)
  ].filter((s) => s !== '')
  const tail = linkLine(options)
  const cutNote = "_Some sections were left out to stay under GitHub's comment limit._"
  let used = head.join('\n\n').length + tail.length + cutNote.length + 8
  if (used > budget) {
    // Only a pathological name (a test name of thousands of characters) gets here: cut the sentence itself.
    const room = Math.max(0, budget - (used - head[2].length) - 1)
    head[2] = `${head[2].slice(0, room)}…`
    used = head.join('\n\n').length + tail.length + cutNote.length + 8
  }
  const shown: string[] = []
  let cut = false
  for (const section of sections) {
    if (used + section.length + 2 > budget) {
      cut = true
      continue
    }
    shown.push(section)
    used += section.length + 2
  }
  return `${[...head, ...shown, ...(cut ? [cutNote] : []), tail].join('\n\n')}\n`
}
