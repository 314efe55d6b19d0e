// Sentences about failures, shared by every reporter so they all say the same thing.
import type { Failure, Location, RunReport } from '../model/report.js'

export function formatLocation(location: Location | undefined): string | undefined {
  if (!location) return undefined
  if (location.line === undefined) return location.file
  return location.col !== undefined
    ? `${location.file}:${location.line}:${location.col}`
    : `${location.file}:${location.line}`
}

/** The first line of a failure's message that says something, for one-line uses. */
export function failureDetail(failure: Failure, max = 300): string {
  const line = failure.message.split('\n').find((l) => l.trim() !== '') ?? failure.title
  // The location is already in the sentence: drop Go's `file.go:12:3: ` prefix.
  const text = line.trim().replace(/^\S+\.go:\d+(?::\d+)?: /, '')
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

/** What the failure is about: the test, else the package. */
export function failureSubject(failure: Failure): string | undefined {
  return failure.test ?? failure.package
}

export interface SentenceParts {
  stage: string
  kind: string
  subject?: string
  location?: string
  detail: string
}

export function rootCauseParts(failure: Failure): SentenceParts {
  return {
    stage: failure.stage,
    kind: failure.kind,
    subject: failureSubject(failure),
    location: formatLocation(failure.location),
    detail: failureDetail(failure)
  }
}

/** The root cause in one plain line: the `root-cause` output, the terminal's headline. */
export function rootCauseLine(report: RunReport): string {
  const failure = report.rootCause
  if (!failure) return ''
  const p = rootCauseParts(failure)
  const where = failure.stage === 'setup' ? 'go-gate could not start' : `The ${p.stage} stage failed`
  const subject = p.subject ? ` in ${p.subject}` : failure.tool ? ` from ${failure.tool}` : ''
  const location = p.location ? ` at ${p.location}` : ''
  // One line: fold line breaks, keep the message's own spacing (it may be the point, as in "   ").
  return `${where} with ${article(p.kind)} ${p.kind}${subject}${location}: ${p.detail}`.replace(
    /[\r\n\t]+/g,
    ' '
  )
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a'
}
