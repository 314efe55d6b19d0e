// `gofmt -l` and `gofmt -d` output → findings (the fallback when golangci-lint cannot be had).
import { type LintFinding, type LintPaths, repoRelativePath } from './finding.js'

/** The files `gofmt -l` listed, as it printed them (relative to where it ran). */
export function parseGofmtList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '')
}

/**
 * The first line that gofmt would change in each file of a `gofmt -d` diff, keyed by the
 * file as gofmt printed it. Hunks are `@@ -old,n +new,m @@`; the old side numbers the file as it is.
 */
export function parseGofmtDiff(text: string): Map<string, number> {
  const first = new Map<string, number>()
  let file: string | undefined
  let oldLine = 0
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '')
    if (line.startsWith('diff ')) {
      file = undefined
      continue
    }
    if (line.startsWith('--- ')) continue
    if (line.startsWith('+++ ')) {
      // `+++ x.go` (after `--- x.go.orig`); older releases add a tab and a time stamp.
      file = line.slice(4).replace(/\t.*$/, '')
      continue
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line)
    if (hunk) {
      oldLine = Number(hunk[1])
      continue
    }
    if (file === undefined || first.has(file)) continue
    if (line.startsWith(' ')) oldLine++
    else if (line.startsWith('-') || line.startsWith('+')) first.set(file, Math.max(oldLine, 1))
  }
  return first
}

/** One finding per file gofmt would change, at the first line it would change (line 1 when unknown). */
export function gofmtFindings(
  files: readonly string[],
  firstLines: ReadonlyMap<string, number>,
  paths: LintPaths
): LintFinding[] {
  return files.map((rawFile) => {
    const clean = rawFile.replace(/^\.\//, '')
    const line = firstLines.get(rawFile) ?? firstLines.get(clean) ?? 1
    const finding: LintFinding = {
      tool: 'gofmt',
      linter: 'gofmt',
      severity: 'error',
      kind: 'lint',
      rawFile,
      line,
      text: `File is not gofmt-ed; \`gofmt -w ${clean}\` fixes it.`
    }
    const file = repoRelativePath(rawFile, paths)
    if (file !== undefined) finding.file = file
    return finding
  })
}
