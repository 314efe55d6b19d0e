// golangci-lint v2's JSON output (`--output.json.path`) → findings.
//
// The shape (printers.JSONResult in golangci-lint v2):
//   { "Issues": [ { "FromLinter": "errcheck", "Text": "...", "Severity": "error" | "warning" | "",
//                   "SourceLines": ["..."], "Pos": { "Filename", "Offset", "Line", "Column" },
//                   "LineRange"?: { "From", "To" }, "SuggestedFixes"?: [...] } ],
//     "Report": { "Warnings"?: [ { "Tag"?, "Text" } ], "Linters"?: [...], "Error"?: "..." } }
import { type LintFinding, type LintPaths, lintSeverity, repoRelativePath, typeErrorKind } from './finding.js'

const MAX_SOURCE_LINES = 3
const MAX_SOURCE_CHARS = 300

interface JsonIssue {
  FromLinter?: unknown
  Text?: unknown
  Severity?: unknown
  Pos?: { Filename?: unknown; Line?: unknown; Column?: unknown }
  SourceLines?: unknown
  LineRange?: { From?: unknown; To?: unknown }
}

export interface GolangciReport {
  findings: LintFinding[]
  /** Report.Error: golangci-lint logged an error it could not attach to a line. */
  error?: string
  /** Report.Warnings, as `tag: text`. */
  warnings: string[]
}

export class GolangciOutputError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GolangciOutputError'
  }
}

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined
const str = (value: unknown): string => (typeof value === 'string' ? value : '')

// typecheck reports a broken dependency at the import, with the compiler's own
// `file:line:col: message` (relative to where the go command ran) inside its text.
const EMBEDDED_POSITION = /(?:^|\()(?:vet: )?([^\s():][^\n():]*?\.go):(\d+):(\d+): (.+)$/m

/**
 * Reads golangci-lint's JSON result. Paths are absolute with `--path-mode=abs` (v2.1+);
 * otherwise they are relative and resolved against `moduleDir`.
 * Throws GolangciOutputError when the text is not golangci-lint JSON.
 */
export function parseGolangciJson(text: string, paths: LintPaths): GolangciReport {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw new GolangciOutputError(
      `golangci-lint's JSON output could not be read: ${(error as Error).message}`
    )
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    !Array.isArray((parsed as { Issues?: unknown }).Issues)
  ) {
    throw new GolangciOutputError('golangci-lint printed JSON without an "Issues" list')
  }
  const { Issues, Report } = parsed as {
    Issues: JsonIssue[]
    Report?: { Error?: unknown; Warnings?: unknown }
  }
  const findings: LintFinding[] = []
  for (const issue of Issues) {
    if (issue === null || typeof issue !== 'object') continue
    findings.push(issueToFinding(issue, paths))
  }
  const warnings: string[] = []
  if (Report && Array.isArray(Report.Warnings)) {
    for (const w of Report.Warnings as { Tag?: unknown; Text?: unknown }[]) {
      const tag = str(w?.Tag)
      const body = str(w?.Text)
      if (body !== '') warnings.push(tag !== '' ? `${tag}: ${body}` : body)
    }
  }
  const report: GolangciReport = { findings, warnings }
  const error = str(Report?.Error).trim()
  if (error !== '') report.error = error
  return report
}

function issueToFinding(issue: JsonIssue, paths: LintPaths): LintFinding {
  const linter = str(issue.FromLinter) || 'golangci-lint'
  const text = str(issue.Text).trim()
  const rawFile = str(issue.Pos?.Filename)
  const finding: LintFinding = {
    tool: 'golangci-lint',
    linter,
    severity: lintSeverity(str(issue.Severity)),
    kind: linter === 'typecheck' ? typeErrorKind(text) : 'lint',
    text
  }
  if (rawFile !== '') {
    finding.rawFile = rawFile
    const file = repoRelativePath(rawFile, paths)
    if (file !== undefined) finding.file = file
  }
  const line = num(issue.Pos?.Line)
  const col = num(issue.Pos?.Column)
  if (line !== undefined && line > 0) finding.line = line
  if (col !== undefined && col > 0) finding.col = col
  // The line as golangci-lint prints it under a finding; a few at most, each cut to a sane width.
  if (Array.isArray(issue.SourceLines)) {
    const source = issue.SourceLines.filter((l): l is string => typeof l === 'string')
      .slice(0, MAX_SOURCE_LINES)
      .map((l) => (l.length > MAX_SOURCE_CHARS ? `${l.slice(0, MAX_SOURCE_CHARS)}…` : l))
    if (source.length > 0) finding.source = source
  }
  const to = num(issue.LineRange?.To)
  if (to !== undefined && line !== undefined && to > line) finding.endLine = to

  if (linter === 'typecheck') {
    // Point at the line that does not compile, not at the import of its package.
    const m = EMBEDDED_POSITION.exec(text)
    const file = m ? repoRelativePath(m[1], paths) : undefined
    if (m && file !== undefined) {
      finding.file = file
      finding.rawFile = m[1]
      finding.line = Number(m[2])
      finding.col = Number(m[3])
      delete finding.endLine
      delete finding.source
      finding.text = `${withoutWrapperParens(m[4])}\n\n${text}`
    }
  }
  return finding
}

/** Drops the unbalanced `)` that close typecheck's `could not import X (...)` around the compiler's message. */
function withoutWrapperParens(message: string): string {
  let depth = 0
  for (const c of message) {
    if (c === '(') depth++
    else if (c === ')') depth--
  }
  let text = message
  while (depth < 0 && text.endsWith(')')) {
    text = text.slice(0, -1)
    depth++
  }
  return text
}
