// Sentences about failures, shared by every reporter so they all say the same thing.
import { formatCoverageGap } from '../coverage/percent.js'
import type { Failure, Location, RunReport } from '../model/report.js'
import { KIND_PHRASES } from './kinds.js'

/** Longest message a one-line sentence carries; the failure block has the rest. */
export const SENTENCE_MESSAGE_CHARS = 160

export function formatLocation(location: Location | undefined): string | undefined {
  if (!location) return undefined
  if (location.line === undefined) return location.file
  return location.col !== undefined
    ? `${location.file}:${location.line}:${location.col}`
    : `${location.file}:${location.line}`
}

/** File, then line, then column: the order an editor and a reviewer read findings in. */
export function compareLocations(a: Failure, b: Failure): number {
  const fa = a.location?.file ?? '\uffff'
  const fb = b.location?.file ?? '\uffff'
  if (fa !== fb) return fa < fb ? -1 : 1
  return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0)
}

/** Cuts text to at most `max` characters, ending in an ellipsis when it cut. */
export function bound(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

/** The first line of a failure's message that says something, for one-line uses. */
export function failureDetail(failure: Failure, max = SENTENCE_MESSAGE_CHARS, sayOnce = true): string {
  const line = failure.message.split('\n').find((l) => l.trim() !== '') ?? failure.title
  // The location is already in the sentence: drop Go's `file.go:12:3: ` prefix.
  let text = line.replace(/^\s+|\s+$/g, '').replace(/^\S+\.go:\d+(?::\d+)?: /, '')
  // The kind's phrase already says these; don't say them twice.
  if (!sayOnce) return bound(text, max)
  if (failure.kind === 'panic') text = text.replace(/^panic: /, '').replace(/ \[recovered[^\]]*\]$/, '')
  if (failure.kind === 'mod-tidy')
    text = text.replace(/^go\.(?:mod|sum)(?: and go\.sum)? (?:is|are) not tidy: /, '')
  return bound(text, max)
}

/** What the failure is about: the test, else the package. */
export function failureSubject(failure: Failure): string | undefined {
  return failure.test ?? failure.package
}

/** The parts of the root-cause sentence; the summary and the plain line render them alike. */
export interface SentenceParts {
  /** "The unit stage failed" or "go-gate could not start"; `stage` says which stage for markup. */
  stage?: string
  join: 'with' | 'because'
  /** The kind as words: "a test failure", "coverage 14.3% is below the 90% threshold". */
  phrase: string
  /** The linter behind a lint finding. */
  tool?: string
  subject?: string
  location?: string
  /** The message, bounded; absent when the phrase already says it all. */
  detail?: string
}

export function rootCauseParts(failure: Failure, report?: Pick<RunReport, 'stages'>): SentenceParts {
  const kind = KIND_PHRASES[failure.kind]
  const parts: SentenceParts = {
    stage: failure.stage === 'setup' ? undefined : failure.stage,
    join: kind.join,
    phrase: kind.text,
    subject: failureSubject(failure),
    location: formatLocation(failure.location),
    detail: failureDetail(failure)
  }
  if (failure.rerun) parts.detail = `${parts.detail ?? ''} (${failure.rerun})`.trimStart()
  if (failure.tool && failure.kind === 'lint') {
    parts.tool = failure.tool
  } else if (failure.tool && !parts.subject) {
    parts.tool = failure.tool
  }
  // No package to blame: go test failed before any test binary ran, or the input was no test stream.
  if (failure.kind === 'package-failure' && failure.package === undefined) {
    parts.phrase = 'a failure go-gate cannot explain'
  }
  if (
    failure.kind === 'coverage-below-threshold' &&
    failure.coverageGate !== undefined &&
    failure.coverageGate !== 'total'
  ) {
    // The drop and patch gates' titles are the whole sentence: "coverage fell 1.4 points against main@abc1234 ...".
    parts.phrase = failure.title.charAt(0).toLowerCase() + failure.title.slice(1)
    parts.detail = undefined
  } else if (failure.kind === 'coverage-below-threshold') {
    const stage = report?.stages.find((s) => s.stage === failure.stage && s.coverage)
    if (stage?.coverage && stage.coverageThreshold !== undefined) {
      // 79.96% prints as 80.0: the gap, with enough digits to be non-zero, keeps the sentence true.
      const gap = stage.coverageThreshold - stage.coverage.percent
      const gapText = formatCoverageGap(gap)
      parts.phrase = `coverage ${stage.coverage.percentText}% is below the ${stage.coverageThreshold}% threshold by ${gapText} points`
      parts.detail = undefined
    }
  }
  return parts
}

/** The root cause in one plain line: the `root-cause` output, the terminal's headline. */
export function rootCauseLine(report: RunReport): string {
  const failure = report.rootCause
  if (!failure) return ''
  const p = rootCauseParts(failure, report)
  const where = p.stage ? `The ${p.stage} stage failed` : 'go-gate could not start'
  const tool = p.tool ? (failure.kind === 'lint' ? ` (${p.tool})` : ` from ${p.tool}`) : ''
  const subject = p.subject ? ` in ${p.subject}` : ''
  const location = p.location ? ` at ${p.location}` : ''
  const detail = p.detail ? `: ${p.detail}` : ''
  // One line: fold line breaks, keep the message's own spacing (it may be the point, as in "   ").
  return `${where} ${p.join} ${p.phrase}${tool}${subject}${location}${detail}`.replace(/[\r\n\t]+/g, ' ')
}
