// `go vet ./...` output → findings (the fallback when golangci-lint cannot be had).
//
// vet prints `file:line:col: message` relative to the folder it ran in. Code that does not
// type-check is printed by the compiler under a `# pkg` header, and again by vet, under
// `# [pkg]`, as `vet: file:line:col: message`. Older Go put vet's own findings under `# [pkg]` too.
import { type LintFinding, type LintPaths, repoRelativePath, typeErrorKind } from './finding.js'

const POSITION = /^(vet: )?(.+?\.go):(\d+)(?::(\d+))?: (.*)$/
const HEADER = /^# (\[)?([^\s\]]+)/

export function parseVetOutput(text: string, paths: LintPaths): LintFinding[] {
  const findings: LintFinding[] = []
  const byKey = new Map<string, LintFinding>()
  let pkg: string | undefined
  // Under a plain `# pkg` header the compiler speaks, under `# [pkg]` vet does.
  let underCompiler = false
  let last: LintFinding | undefined
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '')
    const header = HEADER.exec(line)
    if (header) {
      pkg = header[2]
      underCompiler = header[1] === undefined
      last = undefined
      continue
    }
    const m = POSITION.exec(line)
    if (!m) {
      // Continuation lines of a multi-line message are indented.
      if (last && /^\s+\S/.test(line)) {
        last.text += `\n${line.trim()}`
        if (last.kind !== 'lint' || typeErrorKind(last.text) === 'dependency')
          last.kind = typeErrorKind(last.text)
      } else {
        last = undefined
      }
      continue
    }
    const [, vetPrefix, rawFile, lineText, colText, message] = m
    const typeError = vetPrefix !== undefined || underCompiler || typeErrorKind(message) === 'dependency'
    const key = `${rawFile}:${lineText}:${colText ?? ''}: ${message}`
    const seen = byKey.get(key)
    if (seen) {
      if (typeError && seen.kind === 'lint') seen.kind = typeErrorKind(seen.text)
      last = undefined
      continue
    }
    const finding: LintFinding = {
      tool: 'go vet',
      linter: 'go vet',
      severity: 'error',
      kind: typeError ? typeErrorKind(message) : 'lint',
      rawFile,
      line: Number(lineText),
      text: message
    }
    if (colText !== undefined) finding.col = Number(colText)
    const file = repoRelativePath(rawFile, paths)
    if (file !== undefined) finding.file = file
    if (pkg !== undefined) finding.package = pkg
    byKey.set(key, finding)
    findings.push(finding)
    last = finding
  }
  return findings
}
