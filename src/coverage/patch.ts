// Patch coverage: a pull request's changed lines (from `git diff --unified=0`) intersected with
// the profile's statement blocks. Pure: the pipeline runs git and reads file heads; this decides.

import type { CoverageModule, PatchCoverage } from '../model/coverage.js'
import type { Failure, StageName } from '../model/report.js'
import { ProfileFileResolver } from './modules.js'
import { coveragePercent, formatCoverageGap, formatCoveragePercent } from './percent.js'
import { BLOCK_FIELDS, COUNT, END_LINE, NUM_STMT, type ParsedProfile, START_LINE } from './profile.js'
import { excludeMatcher } from './summarize.js'

/** Lines added or changed in one file of the new side, ascending and unique (1-based). */
export interface ChangedFile {
  /** Path as the diff names it on the new side, relative to where git ran, `/`-separated. */
  file: string
  lines: number[]
}

/**
 * Reads `git diff --unified=0` output (with `a/` `b/` prefixes): per file of the new side, the
 * lines it added. Hunk bodies are skipped by their counts, so a content line that looks like a
 * header (`+++ x`) is never taken for one. Deleted files and binary files add no lines.
 */
export function parseUnifiedDiff(text: string): ChangedFile[] {
  const files = new Map<string, number[]>()
  const lines = text.split('\n')
  let current: number[] | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i]
    if (line.startsWith('diff --git ')) {
      current = undefined
      continue
    }
    if (line.startsWith('+++ ')) {
      const name = diffPath(line.slice(4))
      if (name === undefined) {
        current = undefined
        continue
      }
      current = files.get(name)
      if (current === undefined) {
        current = []
        files.set(name, current)
      }
      continue
    }
    const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line)
    if (!hunk) continue
    const removed = hunk[1] === undefined ? 1 : Number(hunk[1])
    const start = Number(hunk[2])
    const added = hunk[3] === undefined ? 1 : Number(hunk[3])
    for (let n = 0; n < added; n++) current?.push(start + n)
    // Skip the hunk's body: its removed and added lines, and "\ No newline at end of file" markers.
    let body = removed + added
    while (body > 0 && i + 1 < lines.length) {
      i++
      if (!lines[i].startsWith('\\')) body--
    }
    while (i + 1 < lines.length && lines[i + 1].startsWith('\\')) i++
  }
  const out: ChangedFile[] = []
  for (const [file, changed] of files) {
    if (changed.length === 0) continue
    const sorted = [...new Set(changed)].sort((a, b) => a - b)
    out.push({ file, lines: sorted })
  }
  return out
}

/** The path of a `+++ ` line: `b/x.go`, `"b/sp\303\251cial.go"`; undefined for /dev/null. */
function diffPath(raw: string): string | undefined {
  let name = raw.replace(/\t.*$/, '')
  if (name.startsWith('"')) name = unquoteC(name)
  if (name === '/dev/null') return undefined
  return name.startsWith('b/') ? name.slice(2) : name
}

/** Git's C-style quoting of unusual paths: `\"`, `\\`, `\t`, `\n` and octal bytes of UTF-8. */
function unquoteC(quoted: string): string {
  const inner = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined)
  const bytes: number[] = []
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 }
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]
    if (c !== '\\') {
      bytes.push(...Buffer.from(c, 'utf8'))
      continue
    }
    const next = inner[i + 1]
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(Number.parseInt(inner.slice(i + 1, i + 4), 8))
      i += 3
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0))
      i += 1
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

// Go's rule (go help generate): this line anywhere before the package clause marks generated code.
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/

/** True when the head of a Go file has the generated-code marker before its package clause. */
export function isGeneratedGoSource(head: string): boolean {
  for (const raw of head.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    if (GENERATED.test(line)) return true
    if (/^package\s/.test(line)) return false
  }
  return false
}

/** Whether a changed file can have statements in a coverage profile: a Go file that is not a test. */
export function isCoverableGoFile(file: string): boolean {
  return file.endsWith('.go') && !file.endsWith('_test.go')
}

/** Consecutive line numbers (ascending) merged into inclusive ranges. */
export function mergeLineRanges(lines: readonly number[]): { startLine: number; endLine: number }[] {
  const ranges: { startLine: number; endLine: number }[] = []
  for (const line of lines) {
    const last = ranges[ranges.length - 1]
    if (last && line <= last.endLine + 1) last.endLine = Math.max(last.endLine, line)
    else ranges.push({ startLine: line, endLine: line })
  }
  return ranges
}

export interface PatchInput {
  /** Changed files with repository-relative names. */
  changes: ChangedFile[]
  /** Repository-relative changed files marked `// Code generated ... DO NOT EDIT.` */
  generated: ReadonlySet<string>
  baseSha: string
  threshold?: number
  repoRoot: string
  modules: CoverageModule[]
  exclude: string[]
}

/**
 * The changed lines against the profile's blocks: a block with statements counts once when any
 * changed line is inside its line range; it is covered when its count is above 0. Uncovered changed
 * lines are the changed lines inside uncovered blocks, merged into ranges.
 */
export function measurePatchCoverage(parsed: ParsedProfile, input: PatchInput): PatchCoverage {
  const isExcluded = excludeMatcher(input.exclude)
  const wanted = new Map<string, number[]>()
  let skippedFiles = 0
  for (const change of input.changes) {
    if (!isCoverableGoFile(change.file) || isExcluded(change.file) || input.generated.has(change.file)) {
      skippedFiles++
      continue
    }
    wanted.set(change.file, change.lines)
  }
  const resolver = new ProfileFileResolver(input.repoRoot, input.modules)
  let statements = 0
  let covered = 0
  const uncoveredByFile = new Map<string, Set<number>>()
  for (const blocks of parsed.files) {
    if (wanted.size === 0) break
    const where = resolver.resolve(blocks.name)
    if (typeof where === 'string') continue
    const lines = wanted.get(where.file)
    if (lines === undefined) continue
    const { data, offset, size } = blocks
    for (let b = 0, at = offset; b < size; b++, at += BLOCK_FIELDS) {
      const n = data[at + NUM_STMT]
      if (n === 0) continue
      const start = data[at + START_LINE]
      const end = data[at + END_LINE]
      const first = firstAtLeast(lines, start)
      if (first >= lines.length || lines[first] > end) continue
      statements += n
      if (data[at + COUNT] > 0) {
        covered += n
        continue
      }
      let set = uncoveredByFile.get(where.file)
      if (set === undefined) {
        set = new Set()
        uncoveredByFile.set(where.file, set)
      }
      for (let i = first; i < lines.length && lines[i] <= end; i++) set.add(lines[i])
    }
  }
  const uncovered: PatchCoverage['uncovered'] = []
  for (const file of [...uncoveredByFile.keys()].sort()) {
    const lines = [...(uncoveredByFile.get(file) ?? [])].sort((a, b) => a - b)
    for (const range of mergeLineRanges(lines)) uncovered.push({ file, ...range })
  }
  const patch: PatchCoverage = { baseSha: input.baseSha, statements, covered, uncovered, skippedFiles }
  if (statements > 0) patch.percent = coveragePercent(covered, statements)
  if (input.threshold !== undefined && input.threshold > 0) patch.threshold = input.threshold
  return patch
}

/** Index of the first element >= value in an ascending array (its length when none). */
function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid] < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Uncovered changed ranges that get a warning annotation; the summary lists them all (bounded). */
const PATCH_WARNING_RANGES = 10

/**
 * The patch-coverage-threshold gate and the warnings on uncovered changed lines. Warnings are
 * made whether or not the gate is on: a reviewer wants to see them either way.
 */
/** A range of lines as the summary, the comment and the terminal write it: `12` or `12-14`. */
export function lineRangeText(range: { startLine: number; endLine: number }): string {
  return range.endLine > range.startLine ? `${range.startLine}-${range.endLine}` : `${range.startLine}`
}

export function patchCoverageGate(
  patch: PatchCoverage,
  stage: StageName
): { failure?: Failure; warnings: Failure[] } {
  const warnings: Failure[] = patch.uncovered.slice(0, PATCH_WARNING_RANGES).map((range) => {
    const lines = `${range.startLine === range.endLine ? 'line' : 'lines'} ${lineRangeText(range)}`
    return {
      kind: 'coverage-below-threshold',
      stage,
      severity: 'warning',
      coverageGate: 'patch',
      location: { file: range.file, line: range.startLine, endLine: range.endLine },
      title: `Changed ${lines} not covered by tests`,
      message: `${range.file}: changed ${lines} ${range.startLine === range.endLine ? 'is' : 'are'} not covered by any test.`
    }
  })
  const threshold = patch.threshold
  if (threshold === undefined || patch.percent === undefined || patch.percent >= threshold)
    return { warnings }
  const text = formatCoveragePercent(patch.percent)
  const gap = threshold - patch.percent
  const gapText = formatCoverageGap(gap)
  return {
    warnings,
    failure: {
      kind: 'coverage-below-threshold',
      stage,
      severity: 'error',
      coverageGate: 'patch',
      title: `Patch coverage is ${text}%, below the ${threshold}% patch-coverage-threshold by ${gapText} points`,
      message: `Patch coverage ${text}% (${patch.covered} of ${patch.statements} statements on changed lines since ${patch.baseSha.slice(0, 7)}); patch-coverage-threshold ${threshold}%; gap ${gapText} points.`
    }
  }
}
