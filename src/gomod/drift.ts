// What a `go mod tidy -diff` says in words: which modules go.mod must add,
// drop or change, which go.sum entries are missing or unused, and the go.mod
// line to annotate.
import { type DiffLine, parseUnifiedDiff } from './diff.js'
import { type ModDirectives, parseRequirement } from './modfile.js'

export interface TidyDrift {
  /** 1-based go.mod line that must change (or that the change belongs to). */
  line: number
  /** go.mod requirements tidy removes. */
  removed: string[]
  /** Requirements tidy adds (`path version`). */
  added: string[]
  /** Requirements whose version or `// indirect` marking changes (`path: old → new`). */
  changed: string[]
  /** Modules with go.sum entries tidy adds. */
  sumMissing: string[]
  /** Modules with go.sum entries tidy removes. */
  sumUnused: string[]
  /** Other go.mod lines that change (the `go` or `toolchain` line, say). */
  otherGoModLines: string[]
  goModChanged: boolean
  goSumChanged: boolean
  /** Every module named above, in order. */
  modules: string[]
}

function isGoMod(name: string): boolean {
  return /(^|\/)go\.mod$/.test(name)
}
function isGoSum(name: string): boolean {
  return /(^|\/)go\.sum$/.test(name)
}

function describeReq(text: string): { path: string; version: string; indirect: boolean } | undefined {
  const body = text.replace(/^\s*require\s+/, '')
  if (/^\s*(module|go|toolchain|replace|exclude|retract|tool|godebug|ignore)\b|^\s*[()]?\s*$|=>/.test(body))
    return undefined
  return parseRequirement(body, 0)
}

/** Reads the diff; undefined when it changes neither go.mod nor go.sum. */
export function explainTidyDiff(diffText: string, goMod: ModDirectives): TidyDrift | undefined {
  const files = parseUnifiedDiff(diffText)
  const modLines: DiffLine[] = files
    .filter((f) => isGoMod(f.newName) || isGoMod(f.oldName))
    .flatMap((f) => f.hunks.flatMap((h) => h.lines))
  const sumLines: DiffLine[] = files
    .filter((f) => isGoSum(f.newName) || isGoSum(f.oldName))
    .flatMap((f) => f.hunks.flatMap((h) => h.lines))
  const goModChanged = modLines.some((l) => l.op !== ' ')
  const goSumChanged = sumLines.some((l) => l.op !== ' ')
  if (!goModChanged && !goSumChanged) return undefined

  const before = new Map<string, { version: string; indirect: boolean; line?: number }>()
  const after = new Map<string, { version: string; indirect: boolean }>()
  const otherGoModLines: string[] = []
  for (const l of modLines) {
    if (l.op === ' ') continue
    const req = describeReq(l.text)
    if (!req) {
      const text = l.text.trim()
      if (text !== '' && !/^(require\s*\(|\)|\()$/.test(text)) otherGoModLines.push(`${l.op}${text}`)
      continue
    }
    if (l.op === '-') before.set(req.path, { version: req.version, indirect: req.indirect, line: l.oldLine })
    else after.set(req.path, { version: req.version, indirect: req.indirect })
  }
  const removed: string[] = []
  const added: string[] = []
  const changed: string[] = []
  const movedOnly = new Set<string>()
  for (const [path, old] of before) {
    const now = after.get(path)
    if (!now) removed.push(path)
    else if (now.version !== old.version) changed.push(`${path}: ${old.version} → ${now.version}`)
    else if (now.indirect !== old.indirect)
      changed.push(`${path}: ${now.indirect ? 'now marked // indirect' : 'no longer // indirect'}`)
    else movedOnly.add(path)
  }
  for (const [path, now] of after)
    if (!before.has(path)) added.push(`${path} ${now.version}${now.indirect ? ' // indirect' : ''}`)

  const sumMissing = new Set<string>()
  const sumUnused = new Set<string>()
  for (const l of sumLines) {
    if (l.op === ' ') continue
    const m = /^(\S+) (v[^/\s]+)(?:\/go\.mod)? h1:/.exec(l.text)
    if (!m) continue
    ;(l.op === '+' ? sumMissing : sumUnused).add(`${m[1]} ${m[2]}`)
  }

  const line = driftLine(modLines, before, movedOnly, goMod, [...sumMissing, ...sumUnused])
  const modules = [
    ...removed,
    ...added.map((a) => a.split(' ')[0]),
    ...changed.map((c) => c.split(':')[0]),
    ...[...sumMissing, ...sumUnused].map((s) => s.split(' ')[0])
  ]
  return {
    line,
    removed,
    added,
    changed,
    sumMissing: [...sumMissing],
    sumUnused: [...sumUnused],
    otherGoModLines,
    goModChanged,
    goSumChanged,
    modules: [...new Set(modules)]
  }
}

function driftLine(
  modLines: readonly DiffLine[],
  before: ReadonlyMap<string, { line?: number }>,
  movedOnly: ReadonlySet<string>,
  goMod: ModDirectives,
  sumEntries: readonly string[]
): number {
  // A requirement that goes or changes is the line to fix, even when tidy also rewrites the block around it.
  for (const [path, old] of before) if (!movedOnly.has(path) && old.line !== undefined) return old.line
  const first = modLines.findIndex((l) => l.op !== ' ')
  if (first >= 0) {
    const l = modLines[first]
    if (l.op === '-' && l.oldLine !== undefined) return l.oldLine
    // An insertion: the last non-blank line before it (inside the require block, usually).
    for (let k = first - 1; k >= 0; k--) {
      const prev = modLines[k]
      if (prev.op === ' ' && prev.text.trim() !== '' && prev.oldLine !== undefined) return prev.oldLine
    }
    for (let k = first + 1; k < modLines.length; k++)
      if (modLines[k].oldLine !== undefined) return modLines[k].oldLine as number
  }
  // go.sum only: the requirement of the first module it names, else the module line.
  for (const entry of sumEntries) {
    const path = entry.split(' ')[0]
    const req = goMod.requires.find((r) => r.path === path)
    if (req) return req.line
  }
  return goMod.module?.line ?? 1
}

/** One line for titles: what tidy would change, by module. */
export function describeDrift(drift: TidyDrift): string {
  const parts: string[] = []
  if (drift.removed.length > 0)
    parts.push(`${list(drift.removed)} ${drift.removed.length === 1 ? 'is' : 'are'} required but not used`)
  if (drift.added.length > 0) parts.push(`${list(drift.added.map((a) => a.split(' ')[0]))} must be added`)
  if (drift.changed.length > 0) parts.push(list(drift.changed))
  if (drift.sumMissing.length > 0) parts.push(`go.sum lacks entries for ${list(drift.sumMissing)}`)
  if (drift.sumUnused.length > 0) parts.push(`go.sum has unused entries for ${list(drift.sumUnused)}`)
  if (parts.length === 0 && drift.otherGoModLines.length > 0)
    parts.push(`go.mod changes: ${list(drift.otherGoModLines)}`)
  if (parts.length === 0) parts.push('the module files are formatted differently')
  return parts.join('; ')
}

function list(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(', ')
  return items.length > max ? `${shown} and ${items.length - max} more` : shown
}
