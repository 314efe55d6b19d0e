// Unified diffs of go.mod and go.sum: written the way `go mod tidy -diff`
// writes them (for Go before 1.23, where the gate tidies a copy), and read back
// into hunks so a change can be pointed at.

export type DiffOp = ' ' | '-' | '+'

export interface DiffLine {
  op: DiffOp
  text: string
  /** Line in the old file (context and removed lines). */
  oldLine?: number
  /** Line in the new file (context and added lines). */
  newLine?: number
}

export interface DiffHunk {
  oldStart: number
  oldCount: number
  newStart: number
  newCount: number
  lines: DiffLine[]
}

export interface FileDiff {
  /** Old and new names as the headers gave them (`current/go.mod`, `tidy/go.mod`). */
  oldName: string
  newName: string
  hunks: DiffHunk[]
}

const CONTEXT = 3
/** Above this many cells the middle of the files is shown as replaced whole, not aligned. */
const MAX_LCS_CELLS = 4_000_000

function splitLines(text: string): string[] {
  if (text === '') return []
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** The edit script between two line lists, as ops in order. */
function editScript(a: readonly string[], b: readonly string[]): DiffOp[] {
  let start = 0
  while (start < a.length && start < b.length && a[start] === b[start]) start++
  let endA = a.length
  let endB = b.length
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--
    endB--
  }
  const n = endA - start
  const m = endB - start
  const middle: DiffOp[] = []
  if (n * m > MAX_LCS_CELLS) {
    for (let i = 0; i < n; i++) middle.push('-')
    for (let j = 0; j < m; j++) middle.push('+')
  } else {
    // Longest common subsequence over the differing middle, suffix form so the walk goes forwards.
    const width = m + 1
    const table = new Uint32Array((n + 1) * width)
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i * width + j] =
          a[start + i] === b[start + j]
            ? table[(i + 1) * width + j + 1] + 1
            : Math.max(table[(i + 1) * width + j], table[i * width + j + 1])
      }
    }
    let i = 0
    let j = 0
    while (i < n || j < m) {
      if (i < n && j < m && a[start + i] === b[start + j]) {
        middle.push(' ')
        i++
        j++
      } else if (i < n && (j === m || table[(i + 1) * width + j] >= table[i * width + j + 1])) {
        // On a tie, removals first: a change reads as its old lines, then its new ones.
        middle.push('-')
        i++
      } else {
        middle.push('+')
        j++
      }
    }
  }
  const ops: DiffOp[] = []
  for (let i = 0; i < start; i++) ops.push(' ')
  ops.push(...middle)
  for (let i = endA; i < a.length; i++) ops.push(' ')
  return ops
}

/**
 * A unified diff of two texts with three lines of context, headed like
 * `go mod tidy -diff` heads it; '' when they are equal.
 */
export function unifiedDiff(oldText: string, newText: string, oldName: string, newName: string): string {
  const a = splitLines(oldText)
  const b = splitLines(newText)
  const ops = editScript(a, b)
  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  for (const op of ops) {
    if (op === ' ') lines.push({ op, text: a[i], oldLine: ++i, newLine: ++j })
    else if (op === '-') lines.push({ op, text: a[i], oldLine: ++i })
    else lines.push({ op, text: b[j], newLine: ++j })
  }
  const changed = lines.map((l, k) => (l.op === ' ' ? -1 : k)).filter((k) => k >= 0)
  if (changed.length === 0) return ''
  // Group changes whose context would touch into one hunk.
  const groups: [number, number][] = []
  for (const k of changed) {
    const last = groups[groups.length - 1]
    if (last && k - last[1] <= 2 * CONTEXT + 1) last[1] = k
    else groups.push([k, k])
  }
  const out = [`diff ${oldName} ${newName}`, `--- ${oldName}`, `+++ ${newName}`]
  for (const [first, last] of groups) {
    const from = Math.max(0, first - CONTEXT)
    const to = Math.min(lines.length - 1, last + CONTEXT)
    const slice = lines.slice(from, to + 1)
    const oldCount = slice.filter((l) => l.op !== '+').length
    const newCount = slice.filter((l) => l.op !== '-').length
    // The line before the hunk when it has no lines on that side (0 at the top), as diff -u does.
    const oldBefore = lines.slice(0, from).filter((l) => l.op !== '+').length
    const newBefore = lines.slice(0, from).filter((l) => l.op !== '-').length
    const oldStart = oldCount === 0 ? oldBefore : oldBefore + 1
    const newStart = newCount === 0 ? newBefore : newBefore + 1
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`)
    for (const l of slice) out.push(`${l.op}${l.text}`)
  }
  return `${out.join('\n')}\n`
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/

/** Reads a unified diff of one or more files (`diff`/`---`/`+++` headers, `@@` hunks). */
export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = []
  let file: FileDiff | undefined
  let hunk: DiffHunk | undefined
  let oldLine = 0
  let newLine = 0
  let oldLeft = 0
  let newLeft = 0
  const lines = text.split(/\r?\n/)
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]
    const inHunk = hunk !== undefined && (oldLeft > 0 || newLeft > 0)
    if (
      inHunk &&
      hunk &&
      (line.startsWith(' ') || line.startsWith('-') || line.startsWith('+') || line === '')
    ) {
      // Some tools drop the space of an empty context line.
      const op: DiffOp = line === '' ? ' ' : (line[0] as DiffOp)
      const body = line.slice(1)
      if (op !== '+') oldLeft--
      if (op !== '-') newLeft--
      if (op === ' ') hunk.lines.push({ op, text: body, oldLine: oldLine++, newLine: newLine++ })
      else if (op === '-') hunk.lines.push({ op, text: body, oldLine: oldLine++ })
      else hunk.lines.push({ op, text: body, newLine: newLine++ })
      continue
    }
    if (line.startsWith('--- ') && lines[k + 1]?.startsWith('+++ ')) {
      file = { oldName: line.slice(4).trim(), newName: lines[k + 1].slice(4).trim(), hunks: [] }
      files.push(file)
      hunk = undefined
      k++
      continue
    }
    const m = HUNK.exec(line)
    if (m && file) {
      hunk = {
        oldStart: Number(m[1]),
        oldCount: m[2] === undefined ? 1 : Number(m[2]),
        newStart: Number(m[3]),
        newCount: m[4] === undefined ? 1 : Number(m[4]),
        lines: []
      }
      // An empty side names the line before it; the next line on that side is one after.
      oldLine = hunk.oldCount === 0 ? hunk.oldStart + 1 : hunk.oldStart
      newLine = hunk.newCount === 0 ? hunk.newStart + 1 : hunk.newStart
      oldLeft = hunk.oldCount
      newLeft = hunk.newCount
      file.hunks.push(hunk)
      continue
    }
    hunk = undefined
  }
  return files
}
