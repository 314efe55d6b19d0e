// Which annotations to write. GitHub shows 10 of each severity per step and 50
// per job, dropping the rest silently, so the root cause goes first, then one
// per distinct failure, then warnings and notices.

import type { Failure, RunReport, Severity, StageResult } from '../model/report.js'
import { compareLocations, failureSubject, formatLocation } from './describe.js'
import { clip } from './escape.js'
import { KIND_LABELS } from './kinds.js'

export const MAX_ANNOTATIONS_PER_SEVERITY = 10
export const MAX_ANNOTATIONS_PER_JOB = 50
/** GitHub cuts annotation messages at 4096 characters. */
const MAX_MESSAGE_CHARS = 4000

export interface Annotation {
  severity: Severity
  title: string
  message: string
  file?: string
  line?: number
  col?: number
  endLine?: number
}

function toAnnotation(failure: Failure, isRoot: boolean): Annotation {
  const subject = failureSubject(failure)
  // A finding is titled with the linter that made it: that is what a reader filters on.
  // An uncovered changed range says so in its title: "coverage below threshold" would not.
  const what =
    failure.kind === 'lint' && failure.tool
      ? failure.tool
      : failure.coverageGate === 'patch' && failure.severity === 'warning'
        ? failure.title
        : `${KIND_LABELS[failure.kind]}${subject ? ` in ${subject}` : ''}`
  const title = `${isRoot ? 'Root cause: ' : ''}${what}${failure.rerun ? ` (${failure.rerun})` : ''}`
  const location = failure.location
  return {
    severity: failure.severity,
    title: clip(title, 200),
    message: clip(failure.message.trim() === '' ? failure.title : failure.message, MAX_MESSAGE_CHARS),
    file: location?.file,
    line: location?.line,
    col: location?.line !== undefined ? location.col : undefined,
    endLine: location?.endLine
  }
}

/** The annotations to write, in order, within GitHub's limits. */
export function rankAnnotations(report: RunReport): Annotation[] {
  const counts: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  const seen = new Set<string>()
  const out: Annotation[] = []
  const add = (failure: Failure, isRoot: boolean) => {
    if (out.length >= MAX_ANNOTATIONS_PER_JOB) return
    if (counts[failure.severity] >= MAX_ANNOTATIONS_PER_SEVERITY) return
    // Only the root cause may go without a location; others live in the summary.
    if (!isRoot && !failure.location) return
    const key = `${failure.kind}\u0000${formatLocation(failure.location) ?? failure.title}`
    if (seen.has(key)) return
    seen.add(key)
    counts[failure.severity]++
    out.push(toAnnotation(failure, isRoot))
  }
  if (report.rootCause) add(report.rootCause, true)
  for (const failure of report.setupFailures) add(failure, false)
  // Lint findings in file order, as the findings table lists them.
  const inOrder = (stage: StageResult, list: Failure[]) =>
    stage.stage === 'lint' ? [...list].sort(compareLocations) : list
  for (const stage of report.stages) for (const failure of inOrder(stage, stage.failures)) add(failure, false)
  for (const stage of report.stages) for (const notice of inOrder(stage, stage.notices)) add(notice, false)
  return out
}
